// How many cases the property tests run, and how long any test may take
// before it counts as hung. Read by the vitest suites (packages/*/test,
// apps/*/test); the only place that reads PROPERTY_RUNS.
//
// PROPERTY_RUNS (default 10,000) is the case count of the generator's main
// property test (packages/generator/test/properties.test.ts). Every other
// property test runs a fixed share of it, written beside the test as its
// count at the default (propertyRuns(1000) runs 1,000 cases by default, 100
// with PROPERTY_RUNS=1000). scripts/run-tests.mjs sets CI's count.
//
// A limit only stops a hang; it never judges speed (benches do). Each one is
// ten times the usual time of its test on the project's 2-core machine, and
// never below the suite's own limit (vitest.config.ts).

export const DEFAULT_PROPERTY_RUNS = 10_000;

/** vitest.config.ts's testTimeout and hookTimeout: over ten times the slowest test that has no limit of its own (3.1 s). */
export const SUITE_LIMIT_MS = 60_000;

function readRuns(value: string | undefined): number {
  if (value === undefined || value === '') return DEFAULT_PROPERTY_RUNS;
  if (!/^[1-9][0-9]*$/.test(value)) throw new Error(`PROPERTY_RUNS must be a whole number above 0, not "${value}"`);
  return Number(value);
}

export const PROPERTY_RUNS = readRuns(process.env.PROPERTY_RUNS);

/** The case count of a property test that runs `atDefault` cases at the default PROPERTY_RUNS; at least one. */
export const propertyRuns = (atDefault: number): number =>
  Math.max(1, Math.round((atDefault * PROPERTY_RUNS) / DEFAULT_PROPERTY_RUNS));

/**
 * The limit of a test that usually takes `usualMs` here (for a property test:
 * its usual time per case times its case count): ten times that, never below
 * the suite's limit.
 */
export const hangGuardMs = (usualMs: number): number => Math.max(SUITE_LIMIT_MS, Math.ceil(usualMs * 10));
