import { describe, expect, it } from 'vitest';
import type { SerializedError, TestModule } from 'vitest/node';
import { formatSummary, summarize } from '../../summary-reporter';

/** Just enough of vitest's TestModule for summarize(). */
function fakeModule(opts: {
  file: string;
  project?: string;
  errors?: string[];
  tests?: Array<'passed' | 'failed' | 'skipped'>;
  suites?: Array<{ fullName: string; errors: string[] }>;
}): TestModule {
  const err = (m: string): SerializedError => ({ message: m }) as SerializedError;
  return {
    relativeModuleId: opts.file,
    project: { name: opts.project ?? '' },
    errors: () => (opts.errors ?? []).map(err),
    children: {
      *allSuites() {
        for (const s of opts.suites ?? [])
          yield { fullName: s.fullName, errors: () => s.errors.map(err) };
      },
      *allTests() {
        for (const state of opts.tests ?? []) yield { result: () => ({ state }) };
      },
    },
  } as unknown as TestModule;
}

describe('summary reporter', () => {
  it('counts a file that failed to load as a failure and names it', () => {
    const s = summarize([
      fakeModule({ file: 'test/a.test.ts', tests: ['passed', 'passed', 'skipped'] }),
      fakeModule({ file: 'test/broken.test.ts', errors: ['Cannot find module x\n  at y'] }),
    ]);
    expect(s).toMatchObject({ passed: 2, failed: 1, skipped: 1 });
    const text = formatSummary(s);
    expect(text).toMatch(/^vitest: 2 passed, 1 failed, 1 skipped\n/);
    expect(text).toContain('failed to run: test/broken.test.ts: Cannot find module x\n');
    expect(text).not.toContain('at y');
  });

  it('counts a suite whose hook threw, and unhandled errors, and names the project', () => {
    const s = summarize(
      [
        fakeModule({
          file: 'test/b.test.ts',
          project: 'slow',
          tests: ['skipped', 'failed'],
          suites: [{ fullName: 'grp', errors: ['boom'] }],
        }),
      ],
      [{ message: 'late rejection' } as SerializedError],
    );
    expect(s).toMatchObject({ passed: 0, failed: 3, skipped: 1 });
    expect(s.broken).toEqual([
      '[slow] test/b.test.ts > grp: boom',
      'unhandled error: late rejection',
    ]);
  });

  it('prints one line when nothing broke', () => {
    const s = summarize([fakeModule({ file: 'a', tests: ['passed'] })]);
    expect(formatSummary(s)).toBe('vitest: 1 passed, 0 failed, 0 skipped\n');
  });
});
