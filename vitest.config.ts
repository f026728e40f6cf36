import {defineConfig} from 'vitest/config'

// Three tiers, cheapest first. The e2e tier needs a real engine: its global setup starts a
// private dockerd + registry in a loopback-only network namespace unless
// WHALECTL_TEST_DOCKER_HOST names one to use instead.
export default defineConfig({
  test: {
    // In CI a JSON report too, from which .ci/run prints a plain `N passed, N failed` line.
    reporters: process.env.CI ? ['default', ['json', {outputFile: '.test-results.json'}]] : ['default'],
    projects: [
      {
        test: {
          name: 'unit',
          include: ['test/unit/**/*.test.ts'],
        },
      },
      {
        test: {
          name: 'integration',
          include: ['test/integration/**/*.test.ts'],
          testTimeout: 20_000,
        },
      },
      {
        test: {
          name: 'e2e',
          include: ['test/e2e/**/*.e2e.test.ts'],
          globalSetup: ['test/engine/global-setup.ts'],
          testTimeout: 120_000,
          hookTimeout: 180_000,
          fileParallelism: false,
        },
      },
    ],
  },
})
