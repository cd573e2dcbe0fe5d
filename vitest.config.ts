import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['src/**/*.test.ts', 'bench/**/*.test.ts'],
    environment: 'node',
    testTimeout: 60_000,
    hookTimeout: 120_000,
    // Orthanc and the sample generator are heavy on a 2-core machine: one file at a time.
    fileParallelism: false,
    // In CI, missing tools or data fail the run instead of skipping tests.
    globalSetup: ['src/testing/requireInCi.ts'],
  },
});
