/**
 * Long historian files and headerless run-to-failure sets: OSIsoft PI and Ignition tag
 * history exports (one reading per row, pivoted into sensors) and a NASA C-MAPSS-like
 * engine file (space-delimited, no header, cycles as time).
 */
import { canonicalFiles, machineOrder, pumps, type Dataset } from './datasets';
import { csv, ddMonYyyy, epochOf, num, zoneOffset } from './format';
import type { Shape } from './shapes';

const base = {
  expect: 'stored' as const,
  messageIncludes: [],
  notImported: [],
  duplicates: 0,
  repeatedHour: 0,
  golden: true,
};

/** The event and machine files of a data set in canonical form (no telemetry). */
function eventFiles(ds: Dataset): Record<string, string> {
  const files = canonicalFiles(ds);
  delete files['telemetry.csv'];
  return files;
}

const PI_UNITS: Record<string, string> = {
  Temperature: 'degC',
  Pressure: 'bar',
  Vibration: 'mm/s',
  Flow: 'm3/h',
};
const PI_BAD = ['Bad', 'Questionable'];

export function longShapes(d: Record<string, Dataset>): Shape[] {
  const out: Shape[] = [];

  // ---- PI: one export per tag (rows by tag, then time), a few readings flagged bad ----
  {
    const ds = d['pumps-gaps'];
    const full = pumps();
    const rows: string[][] = [];
    const byTag = ds.sensors.flatMap((s, j) =>
      [...new Set(ds.telemetry.map((r) => r.m))].sort(machineOrder).map((m) => ({ m, s, j })),
    );
    let bad = 0;
    for (const { m, s, j } of byTag) {
      ds.telemetry.forEach((r, i) => {
        if (r.m !== m) return;
        const x = r.v[j];
        // A bad reading keeps the value the historian had; its status marks it.
        const value = x === null ? full.telemetry[i].v[j]! : x;
        const status = x === null ? PI_BAD[bad++ % PI_BAD.length] : 'Good';
        rows.push([`${m}.${s}`, ddMonYyyy(r.t), num(value, ds.decimals[j]), status, PI_UNITS[s]]);
      });
    }
    out.push({
      ...base,
      name: 'pi-long',
      dataset: 'pumps-gaps',
      about:
        'OSIsoft PI export: Tag,Timestamp,Value,Status,Units, one block per tag (P101.Temperature), ' +
        '01-Apr-2015 00:00:00 times; readings with status Bad/Questionable stored as missing',
      timeZone: 'Europe/Berlin',
      options: { tagPattern: '(?<machine>[^.]+)\\.(?<sensor>.+)' },
      notImported: ['Units'],
      golden: false,
      files: {
        'pi-history.csv': csv(['Tag', 'Timestamp', 'Value', 'Status', 'Units'], rows),
        ...eventFiles(ds),
      },
    });
  }

  // ---- Ignition tag history: epoch ms instants, tag paths, dataintegrity 192 ----
  {
    const ds = d.lines;
    const zone = 'Asia/Seoul';
    const rows = [...ds.telemetry]
      .sort((a, b) => a.t - b.t || machineOrder(a.m, b.m))
      .flatMap((r) =>
        ds.sensors.map((s, j) => [
          String((r.t - zoneOffset(zone, r.t)) * 1000),
          `[default]${r.m}/${s}`,
          num(r.v[j]!, ds.decimals[j]),
          '192',
        ]),
      );
    out.push({
      ...base,
      name: 'ignition-long',
      dataset: 'lines',
      about:
        'Ignition tag history export: t_stamp (Unix ms, plant Asia/Seoul), tagpath ' +
        '[default]Line1/Pump3/vibration, floatvalue, dataintegrity 192, rows by time',
      timeZone: zone,
      options: { tagPattern: '\\[default\\](?<machine>.+)/(?<sensor>[^/]+)' },
      files: {
        'tag-history.csv': csv(['t_stamp', 'tagpath', 'floatvalue', 'dataintegrity'], rows),
        ...eventFiles(ds),
      },
    });
  }

  // ---- C-MAPSS-like: no header, space-delimited, two trailing spaces, cycles as hours ----
  {
    const ds = d.engines;
    const t0 = epochOf('2000-01-01 00:00:00');
    const lines = ds.telemetry.map(
      (r) =>
        [r.m, String((r.t - t0) / 3600), ...r.v.map((x, j) => x!.toFixed(ds.decimals[j]))].join(
          ' ',
        ) + '  ',
    );
    out.push({
      ...base,
      name: 'cmapss-headerless',
      dataset: 'engines',
      about:
        'NASA C-MAPSS-like run-to-failure file train_FD001.txt: no header, space-delimited with ' +
        'trailing spaces, unit and cycle then 3 settings and 21 sensors; cycles read as hours ' +
        "from 2000-01-01; each unit's last cycle is its failure (failureAtEnd); readme.txt " +
        'beside it skipped',
      timeZone: 'Europe/Berlin',
      options: {
        noHeader: true,
        columns: ['unit', 'cycle', ...ds.sensors],
        map: { unit: 'machine', cycle: 'timestamp' },
        timeUnit: '1h',
        failureAtEnd: 'engine',
      },
      files: {
        'train_FD001.txt': lines.join('\n') + '\n',
        'readme.txt': 'Data sets consist of multiple multivariate time series.\n',
      },
    });
  }
  return out;
}
