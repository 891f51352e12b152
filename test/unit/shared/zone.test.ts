/** Plant time zones: cached offset spans against a slow per-instant Intl oracle. */
import { describe, expect, it } from 'vitest';
import {
  hostTimeZone,
  instantToWall,
  isValidTimeZone,
  wallInstants,
  wallRepeated,
  wallSkipped,
  wallToInstant,
  zoneRules,
} from '../../../workers/shared/zone';

const ZONES = ['Europe/Berlin', 'America/New_York', 'Asia/Seoul', 'UTC', 'Australia/Lord_Howe'];
const HOUR = 3600;
const utc = (y: number, mo: number, d: number, h = 0, mi = 0, s = 0) =>
  Date.UTC(y, mo - 1, d, h, mi, s) / 1000;

const oracles = new Map<string, Intl.DateTimeFormat>();

/** Offset (seconds) at instant t from Intl's 'longOffset' name, one Intl call per instant. */
function oracleOffset(t: number, zone: string): number {
  let f = oracles.get(zone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-US', { timeZone: zone, timeZoneName: 'longOffset' });
    oracles.set(zone, f);
  }
  const name = f
    .formatToParts(new Date(Math.floor(t) * 1000))
    .find((p) => p.type === 'timeZoneName')!.value;
  const m = /GMT(?:([+-])(\d{2}):(\d{2})(?::(\d{2}))?)?/.exec(name)!;
  if (!m[1]) return 0;
  return (m[1] === '-' ? -1 : 1) * (+m[2] * 3600 + +m[3] * 60 + +(m[4] ?? 0));
}

/** Transitions: [zone, instant of the change, offset before, offset after]. */
const TRANSITIONS: [string, number, number, number][] = [
  ['Europe/Berlin', utc(2015, 3, 29, 1), 1 * HOUR, 2 * HOUR],
  ['Europe/Berlin', utc(2015, 10, 25, 1), 2 * HOUR, 1 * HOUR],
  ['Europe/Berlin', utc(2024, 3, 31, 1), 1 * HOUR, 2 * HOUR],
  ['Europe/Berlin', utc(2024, 10, 27, 1), 2 * HOUR, 1 * HOUR],
  ['America/New_York', utc(2015, 3, 8, 7), -5 * HOUR, -4 * HOUR],
  ['America/New_York', utc(2015, 11, 1, 6), -4 * HOUR, -5 * HOUR],
  ['America/New_York', utc(2024, 3, 10, 7), -5 * HOUR, -4 * HOUR],
  ['America/New_York', utc(2024, 11, 3, 6), -4 * HOUR, -5 * HOUR],
  ['Australia/Lord_Howe', utc(2015, 4, 4, 15), 11 * HOUR, 10.5 * HOUR],
  ['Australia/Lord_Howe', utc(2015, 10, 3, 15, 30), 10.5 * HOUR, 11 * HOUR],
  ['Australia/Lord_Howe', utc(2024, 4, 6, 15), 11 * HOUR, 10.5 * HOUR],
  ['Australia/Lord_Howe', utc(2024, 10, 5, 15, 30), 10.5 * HOUR, 11 * HOUR],
];

describe('zone names', () => {
  it('tells IANA names from others', () => {
    for (const z of [...ZONES, 'Etc/UTC', 'europe/berlin'])
      expect(isValidTimeZone(z), z).toBe(true);
    for (const z of ['', ' ', 'Mars/Olympus', '+09:00', 'CEST+1']) {
      expect(isValidTimeZone(z), z).toBe(false);
    }
    expect(isValidTimeZone(hostTimeZone())).toBe(true);
    expect(() => instantToWall(0, 'Mars/Olympus')).toThrow(/IANA/);
  });
});

describe('instantToWall', () => {
  it('matches the Intl oracle hourly over 2015 and 2024', () => {
    for (const zone of ZONES) {
      for (const year of [2015, 2024]) {
        for (let t = utc(year, 1, 1); t < utc(year + 1, 1, 1); t += HOUR) {
          const want = t + oracleOffset(t, zone);
          if (instantToWall(t, zone) !== want) {
            expect(instantToWall(t, zone), `${zone} ${new Date(t * 1000).toISOString()}`).toBe(
              want,
            );
          }
        }
      }
    }
  });

  it('changes offset at the second of each transition; fractions are kept', () => {
    for (const [zone, at, before, after] of TRANSITIONS) {
      const what = `${zone} ${new Date(at * 1000).toISOString()}`;
      expect(oracleOffset(at - 1, zone), what).toBe(before);
      expect(oracleOffset(at, zone), what).toBe(after);
      expect(instantToWall(at - 1, zone), what).toBe(at - 1 + before);
      expect(instantToWall(at - 0.25, zone), what).toBe(at - 0.25 + before);
      expect(instantToWall(at, zone), what).toBe(at + after);
      expect(instantToWall(at + 0.5, zone), what).toBe(at + 0.5 + after);
    }
  });

  it('matches the oracle for instants in random order over 1970-2040', () => {
    let seed = 7;
    const rnd = () => (seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648;
    const from = utc(1970, 1, 1);
    const to = utc(2040, 1, 1);
    for (const zone of ZONES) {
      for (let k = 0; k < 400; k++) {
        const t = Math.floor(from + rnd() * (to - from));
        expect(instantToWall(t, zone), `${zone} ${t}`).toBe(t + oracleOffset(t, zone));
      }
    }
  });
});

describe('wall times around daylight saving', () => {
  it('finds the repeated hour (both passes) and the skipped hour', () => {
    for (const [zone, at, before, after] of TRANSITIONS) {
      const what = `${zone} ${new Date(at * 1000).toISOString()}`;
      const shift = Math.abs(before - after);
      if (after < before) {
        // Walls from at + after to at + before occur twice.
        const first = at + after;
        expect(wallRepeated(first - 1, zone), what).toBe(false);
        expect(wallRepeated(first, zone), what).toBe(true);
        expect(wallRepeated(first + shift - 1, zone), what).toBe(true);
        expect(wallRepeated(first + shift, zone), what).toBe(false);
        expect(wallInstants(first + 60, zone), what).toEqual([at - shift + 60, at + 60]);
        expect(wallToInstant(first + 60, zone), what).toBe(at - shift + 60);
        const rules = zoneRules(zone);
        expect(rules.repeats(at - shift - 1), what).toBe(false);
        expect(rules.repeats(at - shift), what).toBe(true);
        expect(rules.repeats(at + shift - 1), what).toBe(true);
        expect(rules.repeats(at + shift), what).toBe(false);
      } else {
        // Walls from at + before to at + after do not occur.
        const gap = at + before;
        expect(wallSkipped(gap - 1, zone), what).toBe(false);
        expect(wallSkipped(gap, zone), what).toBe(true);
        expect(wallSkipped(gap + shift - 1, zone), what).toBe(true);
        expect(wallSkipped(gap + shift, zone), what).toBe(false);
        expect(wallRepeated(gap + 60, zone), what).toBe(false);
        // 'compatible': read with the offset from before the change.
        expect(wallToInstant(gap + 60, zone), what).toBe(gap + 60 - before);
      }
    }
  });

  it('repeats(t) agrees with wallRepeated(wall of t) around every transition', () => {
    for (const [zone, at] of TRANSITIONS) {
      const rules = zoneRules(zone);
      for (let t = at - 3 * HOUR; t <= at + 3 * HOUR; t += 300) {
        expect(rules.repeats(t), `${zone} ${t}`).toBe(wallRepeated(instantToWall(t, zone), zone));
      }
    }
  });

  it('round-trips ordinary wall times; Seoul and UTC never repeat', () => {
    for (const zone of ZONES) {
      for (let w = utc(2024, 1, 1, 12); w < utc(2025, 1, 1); w += 7 * 86400 + 1234) {
        if (wallInstants(w, zone).length !== 1) continue;
        expect(instantToWall(wallToInstant(w, zone), zone)).toBe(w);
      }
    }
    for (const zone of ['Asia/Seoul', 'UTC']) {
      for (let w = utc(2015, 1, 1); w < utc(2016, 1, 1); w += 1800) {
        if (wallInstants(w, zone).length !== 1) expect.fail(`${zone} ${w}`);
      }
    }
  });
});
