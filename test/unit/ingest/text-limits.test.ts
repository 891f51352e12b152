/**
 * Text values get a length limit at import: a longer error code, component, failure
 * or model rejects its row with a message naming file, line, column and reason.
 */
import { describe, expect, it } from 'vitest';
import { Store } from '../../../workers/store/store';
import { importCsv } from '../../../workers/ingest/import-csv';
import { MAX_TEXT_LENGTH, textValueProblem } from '../../../workers/ingest/text-value';
import { memSource } from './helpers';

const long = 'E'.repeat(MAX_TEXT_LENGTH + 1);
const ok = 'E'.repeat(MAX_TEXT_LENGTH);

/** `n` rows for machine 1, one per hour; row `bad` (1-based) gets `value`. */
function rows(n: number, bad: number, value: string, other: string): string {
  let s = '';
  for (let i = 1; i <= n; i++) {
    const d = new Date(Date.UTC(2015, 0, 1) + i * 3600_000)
      .toISOString()
      .slice(0, 19)
      .replace('T', ' ');
    s += `${d},1,${i === bad ? value : other}\n`;
  }
  return s;
}

describe('text value length limit', () => {
  it(`accepts ${MAX_TEXT_LENGTH} characters, refuses more`, () => {
    expect(textValueProblem(ok)).toBeNull();
    expect(textValueProblem(long)).toBe(
      `value '${'E'.repeat(40)}...' is ${MAX_TEXT_LENGTH + 1} characters long, longer than the ${MAX_TEXT_LENGTH} allowed`,
    );
  });

  for (const [file, header] of [
    ['PdM_errors.csv', 'datetime,machineID,errorID'],
    ['PdM_maint.csv', 'datetime,machineID,comp'],
    ['PdM_failures.csv', 'datetime,machineID,failure'],
  ] as const) {
    it(`${file}: a too-long ${header.split(',')[2]} rejects its row, naming file, line, column`, async () => {
      const store = await Store.open(null);
      const r = await importCsv(
        store,
        memSource(file, `${header}\n${rows(200, 5, long, 'comp1')}`),
      );
      expect(r).toMatchObject({ rowsRead: 200, added: 199, rejected: 1 });
      expect(r.rejectedRows).toEqual([
        {
          file,
          line: 6,
          column: header.split(',')[2],
          reason: textValueProblem(long),
          code: {
            code: 'long-value',
            params: { value: long.slice(0, 40), length: long.length, max: 200 },
          },
        },
      ]);
      store.close();
    });
  }

  it('PdM_machines.csv: a too-long model rejects its row', async () => {
    const store = await Store.open(null);
    let csv = 'machineID,model,age\n';
    for (let i = 1; i <= 120; i++) csv += `${i},${i === 3 ? long : 'model1'},5\n`;
    const r = await importCsv(store, memSource('PdM_machines.csv', csv));
    expect(r).toMatchObject({ added: 119, rejected: 1 });
    expect(r.rejectedRows[0]).toMatchObject({ file: 'PdM_machines.csv', line: 4, column: 'model' });
    expect(r.rejectedRows[0].reason).toMatch(/characters long, longer than the 200 allowed/);
    store.close();
  });
});
