/**
 * Safe CSV output (OWASP CSV injection): text cells a spreadsheet would run as a
 * formula are written with a leading single quote and quoted, in every CSV the product
 * writes (maintenance list, features); numbers stay numbers.
 */
import Papa from 'papaparse';
import { describe, expect, it } from 'vitest';
import { csvCell, csvLine } from '../../../workers/shared/csv-cell';
import { maintenanceListCsv } from '../../../workers/report/maintenance-list';
import { writeFeaturesCsv } from '../../../workers/features/csv-writer';
import type { FeatureSet } from '../../../workers/shared/types';

const EVIL = ['=1+1', '+SUM(A1)', '-2+3', '@cmd', '\tx', '\r=1', '=HYPERLINK("http://x")'];

describe('csvCell', () => {
  it('defuses text that starts like a formula: leading quote, cell quoted', () => {
    expect(csvCell('=1+1')).toBe(`"'=1+1"`);
    expect(csvCell('+SUM(A1)')).toBe(`"'+SUM(A1)"`);
    expect(csvCell('-2+3')).toBe(`"'-2+3"`);
    expect(csvCell('@cmd')).toBe(`"'@cmd"`);
    expect(csvCell('\tx')).toBe(`"'\tx"`);
    expect(csvCell('\r=1')).toBe(`"'\r=1"`);
    expect(csvCell('=HYPERLINK("http://x")')).toBe(`"'=HYPERLINK(""http://x"")"`);
  });

  it('leaves numbers and plain-number text as numbers', () => {
    expect(csvCell(-1)).toBe('-1');
    expect(csvCell(0.25)).toBe('0.25');
    expect(csvCell(NaN)).toBe('');
    expect(csvCell('-1')).toBe('-1');
    expect(csvCell('+2.5')).toBe('+2.5');
    expect(csvCell('-1e-3')).toBe('-1e-3');
    expect(csvCell(null)).toBe('');
  });

  it('quotes separators and quotes as RFC 4180 says, and leaves ordinary text alone', () => {
    expect(csvCell('P-101A')).toBe('P-101A');
    expect(csvCell('a,b')).toBe('"a,b"');
    expect(csvCell('a;b')).toBe('"a;b"');
    expect(csvCell('say "hi"')).toBe('"say ""hi"""');
    expect(csvCell('two\nlines')).toBe('"two\nlines"');
    expect(csvLine(['x', 1, '=y'])).toBe(`x,1,"'=y"`);
  });

  it('a spreadsheet reading the cell sees text beginning with a quote, never a formula', () => {
    for (const v of EVIL) {
      const [[cell]] = Papa.parse<string[]>(csvCell(v)).data;
      expect(cell).toBe(`'${v}`);
    }
  });
});

describe('every CSV the product writes', () => {
  it('the maintenance list defuses machine ids, models and components', () => {
    const csv = maintenanceListCsv(
      {
        plant: 'p',
        generated: 'g',
        runId: 1,
        runFinished: 'f',
        modelId: 2,
        modelNote: '',
        minRisk: 0,
      },
      [
        {
          machineId: 1,
          machine: '=cmd|/C calc!A0',
          machineModel: '@model',
          component: '+comp',
          probability: 0.5,
          t: 0,
          daysSinceReplace: -1,
          unlisted: false,
          reasons: [],
        },
      ],
    );
    const row = csv.split('\r\n')[1];
    expect(row.startsWith(`"'=cmd|/C calc!A0","'@model","'+comp",50.0,high,`)).toBe(true);
    expect(row).toContain(',-1,'); // days since replace unknown: still the number -1
  });

  it('the features CSV defuses machine ids, feature names and labels', () => {
    const fs: FeatureSet = {
      featureNames: ['=f'],
      rows: 1,
      machineId: Int32Array.of(1),
      machineNames: new Map([[1, '-M1+1']]),
      t: Float64Array.of(0),
      values: Float64Array.of(-1),
      labelNames: ['none', '@comp'],
      label: Int32Array.of(1),
    };
    let csv = '';
    writeFeaturesCsv(fs, (c) => (csv += c));
    expect(csv).toBe(`machineID,datetime,"'=f",label\n"'-M1+1",1970-01-01 00:00:00,-1,"'@comp"\n`);
  });
});
