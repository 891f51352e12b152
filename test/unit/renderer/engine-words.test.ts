/**
 * What the engines say as codes has words in both languages: every code the engines
 * produce here (import assumptions, columns left out, refused rows, cadence misfits,
 * slot reasons) has its i18n key in English and Korean, and the Korean wording uses
 * only parameters the engine gives, so no placeholder is left in the text.
 */
import { describe, expect, it } from 'vitest';
import { en } from '../../../renderer/i18n/en';
import { ko } from '../../../renderer/i18n/ko';
import { makeI18n } from '../../../renderer/i18n/i18n';
import {
  assumptionText,
  machineSourceText,
  notImportedText,
  refusalText,
  rejectedText,
} from '../../../renderer/components/import-text';
import { cadenceReasonText } from '../../../renderer/components/cadence-text';
import { engineErrorText } from '../../../renderer/components/engine-error-text';
import { CancelledError } from '../../../workers/shared/types';
import { withSaid } from '../../../workers/shared/said';
import { slotReason } from '../../../renderer/screens/schedules/schedule-text';
import { importCsv } from '../../../workers/ingest/import-csv';
import { ImportError, type ImportOptions } from '../../../workers/ingest/types';
import { cadenceFit, DEFAULT_CADENCE } from '../../../workers/shared/cadence';
import { dueSlots } from '../../../workers/schedule/slots';
import { Store } from '../../../workers/store/store';
import { memSource } from '../ingest/helpers';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { REPO_ROOT } from '../../helpers/shared';

const KO = makeI18n('ko', () => undefined);
const EN = makeI18n('en', () => undefined);
const hangul = /[\uac00-\ud7a3]/;
const leftover = /\{\w+\}/;

async function dryRun(name: string, lines: string[], opts: ImportOptions = {}) {
  const store = await Store.open(null);
  try {
    return await importCsv(store, memSource(name, lines.join('\n') + '\n'), {
      ...opts,
      dryRun: true,
    });
  } finally {
    store.close();
  }
}

/** The refusal of a file the importer will not take, or a failed test when it takes it. */
async function refusal(name: string, text: string, opts: ImportOptions = {}): Promise<ImportError> {
  const store = await Store.open(null);
  try {
    await importCsv(store, memSource(name, text), { ...opts, dryRun: true });
  } catch (e) {
    if (e instanceof ImportError) return e;
    throw e;
  } finally {
    store.close();
  }
  throw new Error(`${name} was not refused`);
}

/** Three or more English words in a row: an English sentence left in Korean text. */
const englishRun = /[A-Za-z]{2,}[ ,]+[A-Za-z]{2,}[ ,]+[A-Za-z]{2,}/;

function hourly(n: number, cells: (i: number) => string): string[] {
  return Array.from({ length: n }, (_, i) => {
    const d = new Date(Date.UTC(2016, 0, 1, i)).toISOString().slice(0, 19).replace('T', ' ');
    return `${d},M1,${cells(i)}`;
  });
}

describe('engine codes in the UI language', () => {
  it('import assumptions and columns left out are worded in Korean', async () => {
    const reports = await Promise.all([
      dryRun('drives.csv', [
        'date,serial_number,model,failure,smart_5_raw,smart_9_raw',
        ...hourly(6, (i) => `ST4000,${i === 4 ? 1 : 0},${i},${100 + i}`),
      ]),
      dryRun('alarms.csv', [
        'datetime,machineID,volt,rotate,Alarm Code',
        ...hourly(6, (i) => `${170 + i},${400 + i},${i % 3 === 0 ? 0 : 100 + i}`),
      ]),
      dryRun('stream.csv', [
        'datetime,machineID,volt,rotate,Component',
        ...hourly(6, (i) => `${170 + i},${400 + i},comp${i % 2}`),
      ]),
      dryRun('readings.csv', [
        'datetime,machineID,volt,rotate,component',
        ...hourly(4, (i) => `${170 + i},${400 + i},comp${i % 2}`),
      ]),
      dryRun('semi.csv', [
        'datetime;machineID;volt;rotate',
        '2016-01-01 00:00:00;M1;1,5;2,25',
        '2016-01-01 01:00:00;M1;1,75;2,5',
      ]),
    ]);
    const codes = reports.flatMap((r) => r.mapping.assumptionCodes);
    const left = reports.flatMap((r) => r.notImported);
    expect(codes.length).toBeGreaterThanOrEqual(6);
    expect(left.length).toBeGreaterThan(0);
    expect(machineSourceText(KO, reports[2].mapping)).toBe('machineID 열');
    for (const a of codes) {
      expect(`assume.${a.code}` in en, a.code).toBe(true);
      const text = assumptionText(KO, a);
      expect(text, a.code).toMatch(hangul);
      expect(text, a.code).not.toMatch(leftover);
    }
    for (const c of left) {
      expect(notImportedText(KO, c), c.code).toMatch(hangul);
    }
  });

  it('refused rows with a code are worded in Korean', async () => {
    const r = await dryRun(
      'tel.csv',
      [
        'datetime,machineID,volt,rotate',
        '2016-01-01 00:00:00,M1,1,2',
        '2016-01-01 01:00:00,M1,abc,2',
        ',M1,1,2',
        '2016-01-01 03:00:00,M1,1',
        '2016-01-01 04:00:00,M1,1,2',
      ],
      { maxRejectRatio: 1 },
    );
    const coded = r.rejectedRows.filter((x) => x.code);
    expect(coded.map((x) => x.code!.code).sort()).toEqual(
      ['empty-timestamp', 'field-count', 'not-a-number'].sort(),
    );
    for (const x of coded) {
      expect(rejectedText(KO, x)).toMatch(hangul);
      expect(rejectedText(EN, x)).toBe(x.reason);
    }
  });

  it('cadence misfits are worded in Korean', () => {
    const fits = [
      cadenceFit(DEFAULT_CADENCE, 86400, 365 * 86400),
      cadenceFit(DEFAULT_CADENCE, 1, 30 * 86400),
      cadenceFit(DEFAULT_CADENCE, 60, 3 * 86400),
    ];
    expect(fits.map((f) => f.reasonCode?.code)).toEqual(['sparse', 'dense', 'short']);
    for (const f of fits) {
      const text = cadenceReasonText(KO, f);
      expect(text).toMatch(hangul);
      expect(text).not.toMatch(leftover);
    }
  });

  it('slot reasons are worded in Korean', () => {
    const created = '2025-06-01T00:00:00Z';
    const hourly = { cron: '0 * * * *', timeZone: 'UTC', created };
    const s = (iso: string) => Date.parse(iso) / 1000;
    const plans = [
      dueSlots({ ...hourly, missedPolicy: 'run-once' }, null, s('2025-06-01T05:10:00Z')),
      dueSlots({ ...hourly, missedPolicy: 'skip' }, null, s('2025-06-01T05:10:00Z')),
      dueSlots({ ...hourly, missedPolicy: 'run-once' }, null, s('2025-06-01T07:30:00Z'), {
        graceSeconds: 60,
      }),
      dueSlots({ ...hourly, missedPolicy: 'skip' }, null, s('2025-06-01T07:30:00Z'), {
        graceSeconds: 60,
      }),
      dueSlots({ ...hourly, missedPolicy: 'skip' }, null, s('2025-06-01T03:10:00Z'), {
        running: true,
      }),
    ].flat();
    const seen = new Set(plans.flatMap((p) => p.reasonCodes.map((c) => c.code)));
    expect(seen.size).toBeGreaterThanOrEqual(6);
    for (const p of plans) {
      if (!p.reasonCodes.length) continue;
      const row = { reason: p.reason, reasonCodes: p.reasonCodes };
      const text = slotReason(KO, row, 'Asia/Seoul');
      expect(text).toMatch(hangul);
      expect(text).not.toMatch(leftover);
      expect(text).not.toMatch(/[a-z]{4,}/);
    }
    for (const code of ['by-hand', 'redone', 'attempts', 'cancelled', 'superseded']) {
      expect(`slotReason.${code}` in ko, code).toBe(true);
    }
  });

  it('every code a refused file is given has words in English and Korean', () => {
    const dir = join(REPO_ROOT, 'workers', 'ingest');
    const codes = new Set<string>();
    for (const f of readdirSync(dir).filter((n) => n.endsWith('.ts'))) {
      const src = readFileSync(join(dir, f), 'utf8');
      for (const m of src.matchAll(/\.coded\(\s*'([\w-]+)'/g)) codes.add(m[1]);
      for (const m of src.matchAll(/\.coded\(\s*\w+ \? '([\w-]+)' : '([\w-]+)'/g)) {
        codes.add(m[1]).add(m[2]);
      }
      // this.fail(message, reason, 'code') in the record reader.
      if (f === 'records.ts') {
        for (const m of src.matchAll(/'(?:source|encoding)',\s*'([\w-]+)'/g)) codes.add(m[1]);
      }
    }
    expect(codes.size).toBeGreaterThanOrEqual(40);
    for (const code of codes) {
      expect(`importError.${code}` in en, code).toBe(true);
      const words = (ko as Record<string, string>)[`importError.${code}`];
      expect(words, code).toMatch(hangul);
      expect(words.replace(/\{\w+\}/g, ''), code).not.toMatch(englishRun);
    }
    for (const reason of ['rejects', 'header', 'ambiguous-date', 'empty', 'source', 'kind']) {
      expect((ko as Record<string, string>)[`importError.reason.${reason}`]).toMatch(hangul);
    }
  });

  it('a file refused whole is said in Korean, without an English sentence', async () => {
    const refused = await Promise.all([
      refusal('empty.csv', ''),
      refusal('odd.csv', 'alpha,beta,gamma\nx,y,z\n'),
      refusal(
        'ambiguous.csv',
        'datetime,machineID,volt\n01/02/2016 00:00,M1,1\n02/03/2016 00:00,M1,2\n',
      ),
      refusal(
        'bad.csv',
        ['datetime,machineID,volt', ...hourly(10, (i) => (i === 3 ? '1.2.3' : String(i)))].join(
          '\n',
        ),
        { maxRejectRatio: 0.05 },
      ),
      refusal('twice.csv', 'datetime,machineID,volt,volt\n2016-01-01 00:00:00,M1,1,2\n'),
      refusal('book.csv', new Uint8Array([0x50, 0x4b, 3, 4, 0, 0, 0, 0]) as unknown as string),
      refusal('tags.csv', 'time,tag,value\n2016-01-01 00:00:00,P101.Temp,1\n'),
    ]);
    const codes = refused.map((e) => e.code?.code);
    expect(codes).toEqual([
      'empty',
      'unknown-kind',
      'ambiguous-date',
      'too-many-rejected',
      'header-twice',
      'zip-file',
      'long-no-machine-proposal',
    ]);
    for (const e of refused) {
      const r = { error: e.message, reason: e.reason, code: e.code };
      const text = refusalText(KO, r);
      expect(text, e.code?.code).toMatch(hangul);
      expect(text, e.code?.code).not.toMatch(leftover);
      expect(text).not.toContain(e.message.slice(e.file.length + 2, e.file.length + 30));
      expect(refusalText(EN, r), e.code?.code).not.toMatch(leftover);
    }
    // A refusal without a code says in Korean what kind of problem it is.
    const plain = { error: 'x.csv: something unforeseen', reason: 'header' };
    expect(refusalText(KO, plain)).toBe(ko['importError.reason.header']);
    expect(refusalText(EN, plain)).toBe(plain.error);
  });

  it('common engine errors carry a code worded in both languages', () => {
    const codes = new Set(['cancelled', 'read-only', 'plant-gone', 'feature-mismatch']);
    const scan = (dir: string) => {
      for (const d of readdirSync(dir, { withFileTypes: true })) {
        const path = join(dir, d.name);
        if (d.isDirectory()) scan(path);
        else if (d.name.endsWith('.ts')) {
          const src = readFileSync(path, 'utf8');
          for (const m of src.matchAll(/withSaid\(\s*new \w+\([\s\S]*?\),\s*'([\w-]+)'/g)) {
            codes.add(m[1]);
          }
          for (const m of src.matchAll(/withSaid\(new \w+\(`[^`]*`\), '([\w-]+)'/g))
            codes.add(m[1]);
        }
      }
    };
    scan(join(REPO_ROOT, 'workers'));
    for (const c of ['no-plant', 'busy', 'no-model', 'no-telemetry', 'timeout', 'no-folders']) {
      expect(codes, c).toContain(c);
    }
    for (const code of codes) {
      expect(`engineError.${code}` in en, code).toBe(true);
      const words = (ko as Record<string, string>)[`engineError.${code}`];
      expect(words, code).toMatch(hangul);
      expect(words.replace(/\{\w+\}/g, ''), code).not.toMatch(englishRun);
    }
    expect(engineErrorText(KO, new CancelledError())).toBe(ko['engineError.cancelled']);
    const noModel = withSaid(new RangeError('there is no trained model yet'), 'no-model');
    expect(engineErrorText(KO, noModel)).toBe(ko['engineError.no-model']);
    // An error without a code keeps its message: there are no other words for it.
    expect(engineErrorText(KO, new Error('disk full'))).toBeUndefined();
    // A scheduled run that failed on a coded error says it in Korean.
    const row = {
      reason: 'timed out after 60 s (after 2 attempts)',
      reasonCodes: [
        {
          code: 'error',
          params: { message: 'timed out after 60 s', n: 2, errorCode: 'timeout', seconds: 60 },
        },
      ],
    };
    const text = slotReason(KO, row, 'UTC');
    expect(text).toBe('60초 후 시간 초과 (2번 시도 후)');
    expect(slotReason(EN, row, 'UTC')).toBe('Timed out after 60 s (after 2 attempt(s))');
  });

  it('refused rows about machine ids, tags and event text are worded in Korean', async () => {
    const long = 'E'.repeat(250);
    const errors = await dryRun(
      'errors.csv',
      [
        'datetime,machineID,errorID',
        '2016-01-01 00:00:00,M1,error1',
        '2016-01-01 01:00:00,,error2',
        `2016-01-01 02:00:00,M1,${long}`,
        `2016-01-01 03:00:00,${'M'.repeat(120)},error1`,
      ],
      { maxRejectRatio: 1 },
    );
    const tags = await dryRun(
      'historian.csv',
      [
        'time,tag,value',
        '2016-01-01 00:00:00,P101.Temp,1',
        '2016-01-01 01:00:00,nodot,2',
        '2016-01-01 02:00:00,,3',
        '2016-01-01 03:00:00,P101.Temp,Bad',
        '2016-01-01 04:00:00,P101.Temp,running',
        '2016-01-01 05:00:00, .Temp,4',
      ],
      { maxRejectRatio: 1, tagPattern: '(?<machine>[^.]*)\\.(?<sensor>.+)' },
    );
    // Where the machine ids come from: the tag, read by the pattern.
    expect(tags.mapping.machineSourceCode?.code).toBe('tag-example');
    expect(machineSourceText(KO, tags.mapping)).toBe('태그: P101.Temp에서 설비 P101, 센서 Temp');
    expect(machineSourceText(EN, tags.mapping)).toBe(tags.mapping.machineSource);
    const rows = [...errors.rejectedRows, ...tags.rejectedRows];
    expect(rows.map((r) => r.code?.code).sort()).toEqual(
      [
        'empty-machine-id',
        'long-value',
        'long-machine-id',
        'tag-no-match',
        'empty-tag',
        'system-state',
        'long-not-a-number',
        'tag-machine-empty-machine-id',
      ].sort(),
    );
    for (const x of rows) {
      const text = rejectedText(KO, x);
      expect(text, x.code?.code).toMatch(hangul);
      expect(text, x.code?.code).not.toMatch(leftover);
      expect(rejectedText(EN, x), x.code?.code).toBe(x.reason);
    }
    for (const key of Object.keys(en).filter((k) => k.startsWith('rejected.'))) {
      const words = (ko as Record<string, string>)[key];
      expect(words, key).toMatch(hangul);
      expect(words.replace(/\{\w+\}/g, '').replace(/true\/false, yes\/no/, ''), key).not.toMatch(
        englishRun,
      );
    }
  });
});
