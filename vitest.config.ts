import {defineConfig} from 'vitest/config'

// Three tiers, cheapest first. The e2e tier needs a real engine: its global setup starts a
// private dockerd + registry in a loopback-only network namespace unless
// WHALECTL_TEST_DOCKER_HOST names one to use instead.
// e2e files that list or prune engine-wide state (all images, the newest container, a plain
// prune): run one at a time, after the others, on the same engine.
const serialE2e = [
  'test/e2e/**/*.serial.e2e.test.ts',
  'test/e2e/images.e2e.test.ts',
  'test/e2e/rmi-tag-history.e2e.test.ts',
  'test/e2e/update-prune.e2e.test.ts',
  'test/e2e/ps.e2e.test.ts',
  'test/e2e/config-file.e2e.test.ts',
  'test/e2e/endpoint.e2e.test.ts',
  'test/e2e/help-flag.e2e.test.ts',
  // busybox's tags change while pull/push tests run; `stats` with no names lists every container
  'test/e2e/image-inspect.e2e.test.ts',
  'test/e2e/inspect.e2e.test.ts',
  'test/e2e/stats-commit.e2e.test.ts',
]

// Removes every busybox tag to see a pull's layer lines; the busybox:latest it restores lacks the
// build's parent chain that other files' `history` reads. So it runs last.
const lastE2e = ['test/e2e/pull.e2e.test.ts']

const e2eCommon = {
  // The first e2e project's setup starts the engine; the second finds it in the environment.
  globalSetup: ['test/engine/global-setup.ts'],
  testTimeout: 120_000,
  hookTimeout: 180_000,
}

export default defineConfig({
  test: {
    // In CI a JSON report too, from which .ci/run prints a plain `N passed, N failed` line.
    reporters: process.env.CI ? ['default', ['json', {outputFile: '.test-results.json'}]] : ['default'],
    // Shared by the projects that run together (unit, integration, e2e). Three on two cores:
    // an e2e test spends most of its time waiting on the engine.
    maxWorkers: 3,
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
          exclude: [...serialE2e, ...lastE2e],
          ...e2eCommon,
          // Most of an e2e test's time is spent waiting on the engine, so files that share no
          // engine state run side by side (each labels what it creates with its own value).
          fileParallelism: true,
        },
      },
      {
        test: {
          name: 'e2e-serial',
          include: serialE2e,
          ...e2eCommon,
          fileParallelism: false,
          // After the parallel files: these read or prune engine-wide state.
          sequence: {groupOrder: 1},
        },
      },
      {
        test: {
          name: 'e2e-last',
          include: lastE2e,
          ...e2eCommon,
          sequence: {groupOrder: 2},
        },
      },
    ],
  },
})
