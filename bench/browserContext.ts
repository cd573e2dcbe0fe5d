import type { Browser, BrowserContext } from '@playwright/test';

/**
 * A fresh browser context for one measured load. The page's CSP forbids eval, and Playwright evaluates string
 * predicates with it (the benchmarks pass strings: tsx-compiled functions carry a helper the page lacks); the
 * policy costs no time to measure, so the benchmarks bypass it. The e2e suite runs under it.
 */
export function newBenchContext(browser: Browser): Promise<BrowserContext> {
  return browser.newContext({ viewport: { width: 1280, height: 800 }, bypassCSP: true });
}
