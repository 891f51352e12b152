import { resolve } from 'node:path';
import { intOpt, parse, requireOpt, UserError, type Command } from '../cli-kit';
import { withPlant } from '../plant';
import { getProfile } from '../../workers/ingest/profiles';
import { describeSchedule, nextRuns, parseWeekday } from '../../workers/schedule/cron';
import {
  addSchedule,
  findSchedule,
  listSchedules,
  listSlots,
  removeSchedule,
  setEnabled,
} from '../../workers/schedule/schedule-store';
import type {
  ListFormat,
  Preset,
  Schedule,
  ScheduleInput,
  ScoreMode,
} from '../../workers/schedule/types';

const localZone = () => Intl.DateTimeFormat().resolvedOptions().timeZone || 'UTC';

const help = `pdm schedule: recurring scoring runs stored in the plant file

usage:
  pdm schedule add --db FILE --name N (--cron EXPR | --preset P [--at HH:MM] [--day D] [--minute M])
                   [--tz ZONE] [--watch DIR [--profile NAME]] [--score latest|since-last|none]
                   [--list-dir DIR] [--list-format html,csv] [--missed run-once|skip]
                   [--timeout S] [--retries N] [--disabled] [--json]
  pdm schedule list --db FILE [--name N] [--json]
  pdm schedule remove|enable|disable --db FILE --name N [--json]

  --cron EXPR      cron expression: 'min hour day month weekday' (or 6 parts, seconds first)
  --preset P       hourly [--minute M, default 0] | daily --at HH:MM | weekdays --at HH:MM
                   (Monday to Friday) | weekly --day mon --at HH:MM
  --tz ZONE        IANA time zone the times are read in (default: this computer's, ${localZone()});
                   daylight-saving changes are handled: a time skipped in spring runs once
                   at the first valid time after it, a repeated hour in autumn runs once
  --watch DIR      first import new CSV exports from this folder (each file once, by content;
                   a file still being written waits for the next run)
  --profile NAME   read the watched folder's files with this import profile (saved with
                   pdm import --save-profile); without it each file's kind and columns are
                   detected. A profile removed later fails the run's slot, naming it
  --score MODE     latest (each machine's most recent observation, default), since-last
                   (everything since the last run), none (import only)
  --list-dir DIR   then write the maintenance list to this folder
  --list-format F  html, csv or both (default html); pdf too, written when the desktop app
                   runs the schedule (pdm run-due writes no PDF)
  --missed POLICY  run-once (default): after downtime, mark missed slots and run once to
                   catch up; skip: mark them missed, do not run
  --timeout S      seconds per attempt (default 3600); --retries N extra attempts (default 1)
  --disabled       add it disabled

Schedules run while the desktop app is open, or by 'pdm run-due' from cron or the Windows
Task Scheduler. 'pdm runs' shows every slot with its outcome.
`;

function parsePreset(v: Record<string, string | boolean | undefined>): Preset | undefined {
  const kind = v.preset as string | undefined;
  if (kind === undefined) {
    for (const o of ['at', 'day', 'minute']) {
      if (v[o] !== undefined) throw new UserError(`--${o} goes with --preset`);
    }
    return undefined;
  }
  const at = () => requireOpt(v.at as string | undefined, 'at');
  try {
    if (kind === 'hourly')
      return { kind, minute: intOpt(v.minute as string, 'minute', 0, 59) ?? 0 };
    if (kind === 'daily' || kind === 'weekdays') return { kind, at: at() };
    if (kind === 'weekly') {
      return { kind, day: parseWeekday(requireOpt(v.day as string, 'day')), at: at() };
    }
  } catch (e) {
    if (e instanceof RangeError) throw new UserError(`--day: ${e.message}`);
    throw e;
  }
  throw new UserError(`--preset must be hourly, daily, weekdays or weekly, got '${kind}'`);
}

function summary(s: Schedule, now: number) {
  const enabled = s.enabled;
  return {
    id: s.id,
    name: s.name,
    cron: s.cron,
    preset: s.preset,
    timeZone: s.timeZone,
    description: describeSchedule(s),
    enabled,
    action: s.action,
    missedPolicy: s.missedPolicy,
    timeoutSeconds: s.timeoutSeconds,
    retries: s.retries,
    created: s.created,
    lastSlot: s.lastSlot === null ? null : new Date(s.lastSlot * 1000).toISOString(),
    nextRuns: enabled ? nextRuns(s, now, 5).map((d) => d.toISOString()) : [],
  };
}

export const command: Command = {
  summary: 'add, list, remove, enable or disable recurring scoring runs',
  help,
  async run(argv, ctx) {
    const [sub, ...rest] = argv;
    const { values } = parse(rest, {
      db: { type: 'string' },
      name: { type: 'string' },
      cron: { type: 'string' },
      preset: { type: 'string' },
      at: { type: 'string' },
      day: { type: 'string' },
      minute: { type: 'string' },
      tz: { type: 'string' },
      watch: { type: 'string' },
      profile: { type: 'string' },
      score: { type: 'string' },
      'list-dir': { type: 'string' },
      'list-format': { type: 'string' },
      missed: { type: 'string' },
      timeout: { type: 'string' },
      retries: { type: 'string' },
      disabled: { type: 'boolean' },
      json: { type: 'boolean' },
    });
    const db = requireOpt(values.db, 'db');
    const out = (doc: unknown, text: string) =>
      ctx.stdout(
        values.json ? JSON.stringify(doc) + '\n' : text.endsWith('\n') ? text : text + '\n',
      );
    const now = Date.now();
    const byName = (store: Parameters<typeof findSchedule>[0]) => {
      const name = requireOpt(values.name, 'name');
      const s = findSchedule(store, name);
      if (!s) throw new UserError(`${db}: no schedule named '${name}' (see pdm schedule list)`);
      return s;
    };
    const bad = (e: unknown): never => {
      if (e instanceof RangeError) throw new UserError(e.message);
      throw e;
    };

    if (sub === 'add') {
      if (values.cron !== undefined && values.preset !== undefined) {
        throw new UserError('give either --cron or --preset, not both');
      }
      if (values.cron === undefined && values.preset === undefined) {
        throw new UserError('missing --cron EXPR or --preset hourly|daily|weekdays|weekly');
      }
      const input: ScheduleInput = {
        name: requireOpt(values.name, 'name'),
        cron: values.cron,
        preset: parsePreset(values),
        timeZone: values.tz ?? localZone(),
        enabled: !values.disabled,
        action: {
          watchDir: values.watch ? resolve(values.watch) : undefined,
          profile: values.profile,
          score: (values.score ?? 'latest') as ScoreMode,
          listDir: values['list-dir'] ? resolve(values['list-dir']) : undefined,
          listFormats: values['list-format']
            ? (values['list-format'].split(',').map((x) => x.trim().toLowerCase()) as ListFormat[])
            : undefined,
        },
        missedPolicy: values.missed as ScheduleInput['missedPolicy'],
        timeoutSeconds: intOpt(values.timeout, 'timeout', 1, 604800),
        retries: intOpt(values.retries, 'retries', 0, 10),
      };
      const s = await withPlant(db, { write: true, owner: 'pdm schedule' }, async (plant) => {
        try {
          // A misspelt profile is refused now rather than failing every run later.
          if (values.profile) getProfile(plant.store, values.profile.trim());
          return summary(addSchedule(plant.store, input, now), now);
        } catch (e) {
          return bad(e);
        }
      });
      out(
        { schedule: s },
        `added schedule '${s.name}': ${s.description.text}, cron '${s.cron}'\n` +
          `next runs:\n${s.nextRuns.map((x) => '  ' + x).join('\n')}`,
      );
      return 0;
    }

    if (sub === 'list') {
      const list = await withPlant(db, { write: false }, async (plant) => {
        const all = values.name ? [byName(plant.store)] : listSchedules(plant.store);
        return all.map((s) => {
          const slots = listSlots(plant.store, s.id);
          const last = slots[slots.length - 1];
          return {
            ...summary(s, now),
            lastOutcome: last
              ? { slot: last.slot, outcome: last.outcome, reason: last.reason }
              : null,
          };
        });
      });
      const lines = list.length
        ? list.map(
            (s) =>
              `${s.name}  ${s.enabled ? 'enabled ' : 'disabled'}  ${s.description.text}` +
              `  next: ${s.nextRuns[0] ?? '-'}` +
              `  last: ${s.lastOutcome ? `${s.lastOutcome.outcome} ${s.lastOutcome.slot}` : '-'}` +
              (s.action.profile ? `  import profile: ${s.action.profile}` : ''),
          )
        : ['no schedules (add one with pdm schedule add)'];
      out({ schedules: list }, lines.join('\n'));
      return 0;
    }

    if (sub === 'remove' || sub === 'enable' || sub === 'disable') {
      const s = await withPlant(db, { write: true, owner: 'pdm schedule' }, async (plant) => {
        const s = byName(plant.store);
        if (sub === 'remove') removeSchedule(plant.store, s.id);
        else setEnabled(plant.store, s.id, sub === 'enable', now);
        return s;
      });
      const done = sub === 'remove' ? 'removed' : sub === 'enable' ? 'enabled' : 'disabled';
      out({ name: s.name, [done]: true }, `${done} schedule '${s.name}'`);
      return 0;
    }
    throw new UserError(
      sub
        ? `unknown subcommand 'schedule ${sub}': use add, list, remove, enable or disable`
        : 'missing subcommand: pdm schedule add|list|remove|enable|disable (see --help)',
    );
  },
};
