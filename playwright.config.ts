import { defineConfig } from '@playwright/test';

// Debian's Chromium with software WebGL2 (SwiftShader); Playwright's own browser download is not used.
const chromiumArgs = ['--use-angle=swiftshader', '--enable-unsafe-swiftshader', '--no-sandbox', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run', '--disable-quic'];

export default defineConfig({
  testDir: 'e2e',
  testMatch: /.*\.spec\.ts/,
  // Each spec sets its own, about 3x its tests' normal duration; this is for a spec that forgot.
  timeout: 30_000,
  expect: { timeout: 30_000 },
  fullyParallel: false,
  workers: 1,
  retries: 0,
  reporter: [['list']],
  globalSetup: './e2e/global-setup.ts',
  use: {
    baseURL: `http://127.0.0.1:${process.env.E2E_PORT ?? 4173}`,
    viewport: { width: 1280, height: 800 },
    launchOptions: { executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium', args: chromiumArgs },
    trace: 'off',
  },
});
