import { configDefaults, defineConfig } from 'vitest/config';

/**
 * Test files that spawn processes many times (`bin/pdm.js` end to end, kill-at-random-
 * points, killing the launcher): seconds to minutes each. They run in the `slow`
 * project, so `npm run test:unit` (the `unit` project) stays quick for daily work.
 * A new test file that spawns `bin/pdm.js` more than once or twice belongs here.
 */
const SLOW = [
  'test/unit/ingest/cli-cadence.test.ts',
  'test/unit/ingest/cli-import.test.ts',
  'test/unit/ingest/cli-real-exports.test.ts',
  'test/unit/ingest/cli-events.test.ts',
  'test/unit/ingest/cli-long.test.ts',
  'test/unit/export/cli-onnx.test.ts',
  'test/unit/features/cli.test.ts',
  'test/unit/model/cli-cadence.test.ts',
  'test/unit/model/cli-activate.test.ts',
  'test/unit/model/cli-class-weight.test.ts',
  'test/unit/model/cli-planner.test.ts',
  'test/unit/robustness/cli.test.ts',
  'test/unit/score/daily-fleet.test.ts',
  'test/unit/export/fleet-year.test.ts',
  'test/unit/score/stale.test.ts',
  'test/unit/simulate/cli-simulate.test.ts',
  'test/unit/store/crash-safety.test.ts',
  'test/unit/store/launcher-kill.test.ts',
  'test/unit/store/plant-stats.test.ts',
  'test/unit/health/backtest.test.ts',
  'test/unit/health/cli-health.test.ts',
];

export default defineConfig({
  test: {
    environment: 'node',
    testTimeout: 60_000,
    hookTimeout: 120_000,
    pool: 'forks',
    // Root-level: one summary line for all projects (`vitest run` runs them all).
    reporters: ['default', './test/summary-reporter.ts'],
    projects: [
      {
        extends: true,
        test: {
          name: 'unit',
          include: ['test/unit/**/*.test.ts', 'test/unit/**/*.test.tsx'],
          exclude: [...configDefaults.exclude, ...SLOW],
        },
      },
      { extends: true, test: { name: 'slow', include: SLOW } },
      {
        extends: true,
        test: { name: 'e2e', include: ['test/e2e/**/*.test.ts', 'test/e2e/**/*.test.tsx'] },
      },
    ],
  },
});
