import Papa from 'papaparse';
import { describe, expect, it } from 'vitest';
import {
  bandText as bandTextEn,
  maintenanceListCsv,
  maintenanceListHtml,
  type ListHeader,
  type ListRow,
} from '../../../workers/report/maintenance-list';
import { renderRanking } from '../../../cli/commands/risks';
import { en, type MessageKey } from '../../../renderer/i18n/en';
import { ko } from '../../../renderer/i18n/ko';
import { interpolate, type Vars } from '../../../renderer/i18n/i18n';
import { bandText } from '../../../renderer/band-text';
import type { RowBands } from '../../../workers/model/band-model';

const tEn = (k: MessageKey, v?: Vars) => interpolate(en[k], v);
const tKo = (k: MessageKey, v?: Vars) => interpolate(ko[k], v);

const header: ListHeader = {
  plant: 'Line 3',
  generated: '2026-11-24 06:00',
  runId: 7,
  runFinished: '2026-11-24T05:59:00Z',
  modelId: 2,
  modelNote: '',
  minRisk: 0,
};
const DAYS = [1, 3, 7, 14];
const band = (cumulative: number[], likelyDays: number | null): RowBands => ({
  days: DAYS,
  cumulative,
  likelyDays,
});
const row = (machine: string, p: number, bands?: RowBands): ListRow => ({
  machineId: Number(machine.replace(/\D/g, '')) || 1,
  machine,
  machineModel: 'model1',
  component: 'comp1',
  probability: p,
  t: Date.UTC(2015, 11, 31, 12) / 1000,
  daysSinceReplace: 3,
  unlisted: false,
  reasons: [],
  ...(bands ? { bands } : {}),
});
const rows = [
  row('P-1', 0.62, band([0.55, 0.6, 0.62, 0.7], 1)),
  row('P-2', 0.58, band([0.2, 0.51, 0.58, 0.66], 3)),
  row('P-3', 0.31, band([0.05, 0.1, 0.31, 0.42], null)),
];

describe('time band wording', () => {
  it('the ranking (app), the printed list, its CSV and the CLI say the same', () => {
    const expected = ['likely within 1 day', 'likely within 3 days', 'not likely within 14 days'];
    expect(rows.map((r) => bandText(r.bands, tEn))).toEqual(expected);
    expect(rows.map((r) => bandTextEn(r.bands))).toEqual(expected);
    const html = maintenanceListHtml(header, rows);
    expect(html).toContain('<th>Time to failure</th>');
    for (const e of expected) expect(html).toContain(`<td>${e}</td>`);
    const cli = renderRanking(7, 2, rows);
    expect(cli).toContain('time to failure');
    for (const e of expected) expect(cli).toContain(e);
    const csv = Papa.parse<string[]>(maintenanceListCsv(header, rows).trim()).data;
    const head = csv[0];
    const at = (name: string) => head.indexOf(name);
    expect(csv[1][at('likely_within_days')]).toBe('1');
    expect(csv[2][at('likely_within_days')]).toBe('3');
    expect(csv[3][at('likely_within_days')]).toBe('none');
    // One decimal, as risk_percent.
    expect(csv[2][at('within_3d_percent')]).toBe('51.0');
    expect(csv[2][at('risk_percent')]).toBe('58.0');
  });

  it('is real Korean in the app', () => {
    expect(bandText(rows[1].bands, tKo)).toBe('3일 이내 고장 가능성 높음');
    expect(bandText(rows[2].bands, tKo)).toBe('14일 이내 고장 가능성 낮음');
  });

  it('shows nothing for runs without bands: no column, empty CSV cells', () => {
    const plain = [row('P-9', 0.7)];
    expect(bandText(undefined, tEn)).toBe('');
    expect(maintenanceListHtml(header, plain)).not.toContain('Time to failure');
    expect(renderRanking(7, 2, plain)).not.toContain('time to failure');
    const csv = Papa.parse<string[]>(maintenanceListCsv(header, plain).trim()).data;
    expect(csv[1][csv[0].indexOf('likely_within_days')]).toBe('');
    expect(csv[1][csv[0].indexOf('within_14d_percent')]).toBe('');
  });
});
