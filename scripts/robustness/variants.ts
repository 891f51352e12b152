/**
 * The variant folders of the robustness fixtures: the data sets written in the shapes
 * real exports come in, and the small refused exports for the error-message tests.
 */
import {
  clone,
  csvText,
  epoch,
  KINDS,
  type Kind,
  type Plant,
  type Table,
  type WriteOpts,
} from './shapes';

interface Variant {
  name: string;
  dataset: string;
  about: string;
  /** ImportOptions for importPaths (JSON-safe subset). */
  options?: Record<string, unknown>;
  /** File name -> text. */
  files: Record<string, string>;
  /** Extra expectations (e.g. duplicates skipped). */
  duplicates?: number;
  /** Files whose text is bytes in latin1 (written as such). */
  binary?: string[];
}

const STD_NAMES: Record<Kind, string> = {
  telemetry: 'telemetry.csv',
  errors: 'errors.csv',
  maint: 'maint.csv',
  failures: 'failures.csv',
  machines: 'machines.csv',
};

function withoutTelemetry(files: Record<string, string>): Record<string, string> {
  const { 'telemetry.csv': _drop, ...rest } = files;
  return rest;
}

/** The same options for all five files, standard names (or `names`). */
function all(p: Plant, o: WriteOpts, names: Record<Kind, string> = STD_NAMES) {
  const files: Record<string, string> = {};
  for (const k of KINDS) files[names[k]] = csvText(p[k], o);
  return files;
}

export function variants(base: Plant, pumps: Plant, sparse: Plant, codes: Plant): Variant[] {
  const v: Variant[] = [];
  const pdmNames = Object.fromEntries(KINDS.map((k) => [k, `PdM_${k}.csv`])) as Record<
    Kind,
    string
  >;
  v.push({
    name: 'canonical',
    dataset: 'base',
    about: 'the standard form itself (comma, ISO with a space, PdM_ names)',
    files: all(base, {}, pdmNames),
  });
  v.push({
    name: 'shuffled',
    dataset: 'base',
    about: 'every file in random row order',
    files: Object.fromEntries(
      KINDS.map((k, i) => [STD_NAMES[k], csvText(base[k], { shuffle: 100 + i })]),
    ),
  });
  v.push({
    name: 'semicolon-decimal-comma',
    dataset: 'base',
    about: 'semicolon delimiter, decimal comma in sensor values and ages',
    files: all(base, { delim: ';', decimalComma: true }),
  });
  v.push({
    name: 'tab',
    dataset: 'base',
    about: 'tab delimiter',
    files: all(base, { delim: '\t' }),
  });
  v.push({
    name: 'us-ampm-dates',
    dataset: 'base',
    about: 'M/D/YYYY h:mm:ss AM dates (the original Microsoft files)',
    files: all(base, { time: 'mdyAmPm' }),
  });
  v.push({
    name: 'dot-dates',
    dataset: 'base',
    about: 'D.M.YYYY HH:MM dates',
    files: all(base, { time: 'dotDmy' }),
  });
  v.push({
    name: 'uk-slash-dates',
    dataset: 'base',
    about: 'DD/MM/YYYY HH:MM dates (day first decided from the column)',
    files: all(base, { time: 'slashDmy' }),
  });
  v.push({
    name: 'iso-t',
    dataset: 'base',
    about: 'ISO dates with T (telemetry) and with T, milliseconds and Z (events)',
    files: Object.fromEntries(
      KINDS.map((k) => [
        STD_NAMES[k],
        csvText(base[k], { time: k === 'telemetry' ? 'isoT' : 'isoTZ' }),
      ]),
    ),
  });
  v.push({
    name: 'crlf-bom',
    dataset: 'base',
    about: 'CRLF line endings and a UTF-8 BOM',
    files: all(base, { eol: '\r\n', bom: true }),
  });
  v.push({
    name: 'quoted',
    dataset: 'base',
    about: 'every header and field quoted',
    files: all(base, { quoteAll: true }),
  });
  v.push({
    name: 'mixed-endings-trailing',
    dataset: 'base',
    about: 'CRLF, trailing blank lines, one file without a final newline',
    files: Object.fromEntries(
      KINDS.map((k, i) => [
        STD_NAMES[k],
        csvText(base[k], i % 2 ? { eol: '\r\n', trailer: '\r\n\r\n' } : { noFinalEol: true }),
      ]),
    ),
  });
  v.push({
    name: 'header-spellings',
    dataset: 'base',
    about: 'headers spelled Machine ID, timestamp, error_id, Component, Failure, Model, Age',
    files: {
      'telemetry.csv': csvText(base.telemetry, {
        rename: { datetime: 'timestamp', machineID: 'Machine ID' },
        order: ['machineID', 'datetime', 'volt', 'rotate', 'pressure', 'vibration'],
      }),
      'errors.csv': csvText(base.errors, {
        rename: { datetime: 'Date Time', machineID: 'machine_id', errorID: 'error_id' },
      }),
      'maint.csv': csvText(base.maint, {
        rename: { datetime: 'Timestamp', machineID: 'MACHINE', comp: 'Component' },
      }),
      'failures.csv': csvText(base.failures, {
        rename: { datetime: 'time', machineID: 'machine-id', failure: 'Failure' },
      }),
      'machines.csv': csvText(base.machines, {
        rename: { machineID: 'Machine ID', model: 'Model', age: 'Age' },
      }),
    },
  });
  v.push({
    name: 'other-file-names',
    dataset: 'base',
    about: 'file names that say nothing about the kind (detected from the header)',
    files: all(
      base,
      {},
      {
        telemetry: 'export-2015-01-sensors.csv',
        errors: 'alarms.csv',
        maint: 'service-log.csv',
        failures: 'breakdowns.csv',
        machines: 'assets.csv',
      },
    ),
  });
  // Two overlapping exports of every event file and of telemetry: rows in both are
  // skipped the second time.
  const split = (tab: Table, from: string, to: string) => {
    const a = clone(tab);
    const b = clone(tab);
    a.rows = a.rows.filter((r) => epoch(r[tab.time]) < epoch(to));
    b.rows = b.rows.filter((r) => epoch(r[tab.time]) >= epoch(from));
    return [a, b, a.rows.length + b.rows.length - tab.rows.length] as const;
  };
  const [ta, tb, td] = split(base.telemetry, '2015-01-06 00:00:00', '2015-01-09 00:00:00');
  const [ea, eb, ed] = split(base.errors, '2015-01-06 00:00:00', '2015-01-09 00:00:00');
  const [fa, fb, fd] = split(base.failures, '2015-01-01 00:00:00', '2015-01-14 00:00:00');
  v.push({
    name: 'overlap',
    dataset: 'base',
    about: 'telemetry, errors and failures each in two overlapping exports, machines twice',
    duplicates: td + ed + fd + base.machines.rows.length,
    files: {
      'machines.csv': csvText(base.machines),
      'machines-copy.csv': csvText(base.machines, { shuffle: 3 }),
      'telemetry-part1.csv': csvText(ta),
      'telemetry-part2.csv': csvText(tb, { shuffle: 4 }),
      'errors-jan-a.csv': csvText(ea),
      'errors-jan-b.csv': csvText(eb),
      'maint.csv': csvText(base.maint),
      'failures-1.csv': csvText(fa),
      'failures-2.csv': csvText(fb),
    },
  });
  const mx = clone(base.machines);
  mx.header.push('site', 'installed', 'notes');
  mx.rows.forEach((r, i) =>
    r.push(
      `Plant ${i % 2 ? 'North' : 'South'}`,
      `2001-0${i + 1}-15`,
      i === 1 ? 'moved, "re-wired"\nin 2014' : '',
    ),
  );
  v.push({
    name: 'machines-extra-columns',
    dataset: 'base',
    about:
      'machines file with extra columns (site, install date, notes with comma, quote, newline)',
    files: { ...all(base, {}), 'machines.csv': csvText(mx) },
  });
  // pumps: 6 other sensors, other event/component/model names and machine ids.
  v.push({
    name: 'pumps',
    dataset: 'pumps',
    about: '6 sensors with other names, E101/bearing/pump-A names, ids 7/101/205, irregular times',
    files: {
      ...all(pumps, {}),
      'telemetry.csv': csvText(pumps.telemetry, {
        order: [
          'machineID',
          'temperature',
          'current',
          'datetime',
          'flow rate',
          'speed',
          'Vibration_RMS',
          'oil_pressure',
        ],
        rename: { machineID: 'Asset ID', datetime: 'Timestamp' },
        time: 'isoT',
      }),
    },
  });
  v.push({
    name: 'pumps-eu-excel',
    dataset: 'pumps',
    about:
      'European export: semicolon, decimal comma, DD.MM.YYYY HH:MM:SS, CRLF, BOM, all quoted, shuffled',
    files: Object.fromEntries(
      KINDS.map((k, i) => [
        STD_NAMES[k],
        csvText(pumps[k], {
          delim: ';',
          decimalComma: true,
          time: 'dotDmySec',
          eol: '\r\n',
          bom: true,
          quoteAll: true,
          shuffle: 200 + i,
        }),
      ]),
    ),
  });
  v.push({
    name: 'ymd-slash-dates',
    dataset: 'base',
    about: 'YYYY/MM/DD H:MM:SS dates (East Asian spreadsheets)',
    files: all(base, { time: 'ymdSlash' }),
  });
  v.push({
    name: 'ragged-trailing-delimiter',
    dataset: 'base',
    about: 'a delimiter at the end of every data line but not of the header',
    files: Object.fromEntries(
      Object.entries(all(base, {})).map(([f, t]) => {
        const [head, ...rest] = t.trimEnd().split('\n');
        return [f, [head, ...rest.map((l) => l + ',')].join('\n') + '\n'];
      }),
    ),
  });
  v.push({
    name: 'tsv-files',
    dataset: 'base',
    about: 'tab-delimited files named .tsv',
    files: all(
      base,
      { delim: '\t' },
      {
        telemetry: 'telemetry.tsv',
        errors: 'errors.tsv',
        maint: 'maint.tsv',
        failures: 'failures.tsv',
        machines: 'machines.tsv',
      },
    ),
  });
  v.push({
    name: 'trailing-delimiter',
    dataset: 'base',
    about: 'semicolon files with a delimiter at the end of every line (an unnamed empty column)',
    files: Object.fromEntries(
      Object.entries(all(base, { delim: ';', decimalComma: true })).map(([f, t]) => [
        f,
        t.replace(/\n/g, ';\n'),
      ]),
    ),
  });
  const tel2 = (cols: string[]) =>
    csvText(base.telemetry, { order: ['datetime', 'machineID', ...cols] });
  v.push({
    name: 'split-by-sensor',
    dataset: 'base',
    about: 'telemetry in two exports of the same machines and times with different sensors',
    files: {
      ...withoutTelemetry(all(base, {})),
      'telemetry-1-electrical.csv': tel2(['volt', 'rotate']),
      'telemetry-2-mechanical.csv': tel2(['pressure', 'vibration']),
    },
  });
  const utf16 = (text: string) => {
    const b = Buffer.from('\uFEFF' + text, 'utf16le');
    return b.toString('latin1');
  };
  v.push({
    name: 'utf16-unicode-text',
    dataset: 'base',
    about: "Excel 'Unicode Text': UTF-16LE with a BOM, tab-delimited, CRLF (telemetry and errors)",
    binary: ['telemetry.csv', 'errors.csv'],
    files: {
      ...all(base, {}),
      'telemetry.csv': utf16(csvText(base.telemetry, { delim: '\t', eol: '\r\n' })),
      'errors.csv': utf16(csvText(base.errors, { delim: '\t', eol: '\r\n' })),
    },
  });
  v.push({
    name: 'numeric-codes',
    dataset: 'codes',
    about: 'error codes, components and models that are numbers (sorted by value)',
    files: all(codes, {}),
  });
  v.push({
    name: 'sparse',
    dataset: 'sparse',
    about:
      'telemetry gaps of days, errors for one machine only, a component only in failures, a machine without telemetry',
    files: all(sparse, { time: 'mdyAmPm' }),
  });
  return v;
}

/** Small refused exports for the error-message tests (each > 1% rejected). */
export function badFiles(base: Plant): Record<string, string> {
  const tel = clone(base.telemetry);
  tel.rows = tel.rows.slice(0, 30);
  tel.rows[16][3] = 'ERR'; // line 18, column rotate (a historian's text, not a placeholder)
  const err = clone(base.errors);
  err.rows[4][0] = '2015-02-30 06:00:00'; // line 6, column datetime
  const mnt = clone(base.maint);
  mnt.rows[2][1] = ''; // line 4, column machineID
  const raw = (t: Table) =>
    [t.header.join(','), ...t.rows.map((r) => r.join(','))].join('\n') + '\n';
  return {
    'bad-number-telemetry.csv': raw(tel),
    'impossible-date-errors.csv': raw(err),
    'missing-machine-maint.csv': raw(mnt),
  };
}
