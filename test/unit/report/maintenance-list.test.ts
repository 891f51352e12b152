import Papa from 'papaparse';
import { describe, expect, it } from 'vitest';
import {
  maintenanceListCsv,
  maintenanceListHtml,
  type ListHeader,
  type ListRow,
} from '../../../workers/report/maintenance-list';

const header: ListHeader = {
  plant: 'Line 3 <Press>',
  generated: '2026-11-24 06:00',
  runId: 7,
  runFinished: '2026-11-24T05:59:00Z',
  modelId: 2,
  modelNote: '',
  minRisk: 0.3,
};
const rows: ListRow[] = [
  {
    machineId: 42,
    machine: 'P-101A',
    machineModel: 'model3',
    component: 'comp2',
    probability: 0.873,
    t: Date.UTC(2015, 11, 31, 12) / 1000,
    daysSinceReplace: 12.5,
    unlisted: false,
    reasons: [
      {
        feature: 'rotate_mean_24',
        contribution: 0.31,
        value: 380.2,
        usual: { scope: 'type', type: 'model3', center: 446.6, spread: 30.1 },
        direction: 'low',
        digits: 1,
      },
      {
        feature: 'error2_count_24',
        contribution: 0.12,
        value: 3,
        usual: { scope: 'fleet', center: 0, spread: null },
        direction: 'high',
        digits: 0,
      },
    ],
  },
  {
    machineId: 7,
    machine: '7',
    machineModel: 'model1, "new"',
    component: 'comp4',
    probability: 0.31,
    t: Date.UTC(2015, 11, 31, 12) / 1000,
    daysSinceReplace: -1,
    unlisted: true,
    reasons: [],
  },
];

describe('maintenance list', () => {
  it('renders a printable page with a check box and sign-off line per row', () => {
    const html = maintenanceListHtml(header, rows);
    expect(html).toContain('Line 3 &lt;Press&gt;');
    expect(html).not.toContain('<Press>');
    expect(html.match(/class="box"/g)).toHaveLength(2);
    expect(html.match(/class="sign"/g)).toHaveLength(2);
    expect(html).toContain('87.3 %');
    expect(html).toContain('<td>P-101A</td>');
    expect(html).toContain(
      'rotate mean over 24 h 380.2, low (usual for model3: 446.6 ± 30.1); 3 error2 alerts in 24 h (usually 0)',
    );
    // a machine without a machine-list row says so in the type column
    expect(html).toContain('<td>not in the machine list</td>');
    expect(html).toContain('none on record');
    expect(html).toContain('@media print');
    expect(html).toContain('2015-12-31 12:00:00');
    expect(html).not.toMatch(/<script|https?:/);
  });

  it('prints the ranking level next to each risk, with the given thresholds', () => {
    const html = maintenanceListHtml(header, rows);
    expect(html).toContain('87.3 % High</td>');
    expect(html).toContain('31.0 % Medium</td>');
    const strict = maintenanceListHtml({ ...header, levels: { high: 0.9, medium: 0.5 } }, rows);
    expect(strict).toContain('87.3 % Medium</td>');
    expect(strict).toContain('31.0 % Low</td>');
  });

  it('numbers every page and names the run in the page margin', () => {
    const html = maintenanceListHtml(header, rows);
    expect(html).toContain('content: "page " counter(page) " of " counter(pages)');
    expect(html).toContain('Scoring run #7');
    // the plant name cannot close the style element
    expect(html).not.toContain('<Press>');
    expect(html.match(/<\/style>/g)).toHaveLength(1);
  });

  it('says so when no row reaches the threshold', () => {
    expect(maintenanceListHtml(header, [])).toContain('No component is at or above the threshold.');
  });

  it('writes CSV that a CSV reader gets the same values back from', () => {
    const parsed = Papa.parse<string[]>(maintenanceListCsv(header, rows).trim(), {}).data;
    expect(parsed[0][0]).toBe('machineID');
    expect(parsed).toHaveLength(3);
    expect(parsed[1].slice(0, 7)).toEqual([
      'P-101A',
      'model3',
      'comp2',
      '87.3',
      'high',
      '2015-12-31 12:00:00',
      '12.5',
    ]);
    expect(parsed[1][7]).toBe(
      'rotate mean over 24 h 380.2, low (usual for model3: 446.6 ± 30.1); 3 error2 alerts in 24 h (usually 0)',
    );
    expect(parsed[2][1]).toBe('model1, "new"');
    expect(parsed[2][6]).toBe('-1');
  });
});
