/**
 * Prints one plain closing line, `vitest: N passed, N failed, N skipped`, after the
 * default reporter, so CI logs state the count in a form any tool can read.
 *
 * A test file that fails to load (import error, syntax error, a throwing top-level
 * statement) has no tests to count, and a suite whose `beforeAll` throws leaves its
 * tests skipped. Both are failures: each such file or suite adds one to `failed` and is
 * named on the lines that follow, as do errors vitest reports outside any test.
 * With several Vitest projects, names carry the project (`[slow] test/unit/...`).
 */
import type { Reporter, SerializedError, TestModule } from 'vitest/node';

/** The counts and the names of what failed outside a test. */
export interface Summary {
  passed: number;
  failed: number;
  skipped: number;
  /** Files, suites and run-level errors that failed without a failed test to show it. */
  broken: string[];
}

export function summarize(
  modules: ReadonlyArray<TestModule>,
  unhandledErrors: ReadonlyArray<SerializedError> = [],
): Summary {
  const s: Summary = { passed: 0, failed: 0, skipped: 0, broken: [] };
  for (const m of modules) {
    const project = m.project.name ? `[${m.project.name}] ` : '';
    const file = `${project}${m.relativeModuleId}`;
    const moduleErrors = m.errors();
    if (moduleErrors.length > 0) s.broken.push(`${file}: ${firstMessage(moduleErrors)}`);
    for (const suite of m.children.allSuites()) {
      const errors = suite.errors();
      if (errors.length > 0) s.broken.push(`${file} > ${suite.fullName}: ${firstMessage(errors)}`);
    }
    for (const t of m.children.allTests()) {
      const state = t.result().state;
      if (state === 'passed') s.passed++;
      else if (state === 'failed') s.failed++;
      else s.skipped++;
    }
  }
  for (const e of unhandledErrors) s.broken.push(`unhandled error: ${firstMessage([e])}`);
  s.failed += s.broken.length;
  return s;
}

export function formatSummary(s: Summary): string {
  const head = `vitest: ${s.passed} passed, ${s.failed} failed, ${s.skipped} skipped`;
  if (s.broken.length === 0) return `${head}\n`;
  const lines = s.broken.map((b) => `  failed to run: ${b}`);
  return `${head}\n${lines.join('\n')}\n`;
}

function firstMessage(errors: ReadonlyArray<SerializedError>): string {
  const e = errors[0];
  const text = e?.message || e?.name || 'error';
  const line = text.split('\n')[0] ?? text;
  return errors.length > 1 ? `${line} (+${errors.length - 1} more)` : line;
}

export default class SummaryReporter implements Reporter {
  onTestRunEnd(
    modules: ReadonlyArray<TestModule>,
    unhandledErrors: ReadonlyArray<SerializedError>,
  ): void {
    process.stdout.write(`\n${formatSummary(summarize(modules, unhandledErrors))}`);
  }
}
