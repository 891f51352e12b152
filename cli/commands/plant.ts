/**
 * `pdm plant`: the plant's settings kept in its file: the time zone (offset timestamps
 * and epoch times are converted to it at import; times without an offset are plant
 * time already), the steps after which a machine's data is stale for the ranking, and
 * the cadence (observation step, rolling windows, event window, horizon).
 */
import { access } from 'node:fs/promises';
import {
  MAX_INSPECTION_BUDGET,
  MAX_STALE_AFTER_STEPS,
  inspectionBudgetProblem,
  plantCadence,
  plantSettings,
  plantThresholds,
  setPlantThresholds,
  thresholdsProblem,
  setPlantCadence,
  setPlantInspectionBudget,
  setPlantStaleAfterSteps,
  setPlantTimeZone,
} from '../../workers/store/plant-settings';
import {
  cadenceFieldProblem,
  type CadenceField,
  CADENCE_LIMITS,
  defaultCadence,
  describeCadence,
  formatDuration,
  formatWindow,
  parseDuration,
  parseDurationList,
  sameCadence,
  windowSuffix,
  type Cadence,
} from '../../workers/shared/cadence';
import { intOpt, parse, requireOpt, riskOpt, UserError, type Command } from '../cli-kit';

const percent = (p: number) => `${+(p * 100).toFixed(2)} %`;
import { withPlant } from '../plant';

const D = defaultCadence();

const help = `pdm plant: show or change the plant's settings

usage: pdm plant --db FILE                 show the settings
       pdm plant --db FILE --tz ZONE       set the plant's time zone
       pdm plant --db FILE --stale-steps N set when a machine's data is stale
       pdm plant --db FILE [--step LEN] [--windows LIST] [--event-window LEN]
                 [--horizon LEN]           set the cadence
       pdm plant --db FILE [--high-risk P] [--medium-risk P]
                                           set the risk thresholds
       pdm plant --db FILE --budget N      set how many machines are inspected a day
       [--json]

  --tz ZONE   IANA time zone name of the plant, e.g. Europe/Berlin, America/Chicago,
              Asia/Seoul, UTC. Timestamps with Z or an offset (+09:00) and Unix epoch
              times are converted to this zone's wall-clock time when imported;
              timestamps without an offset are taken as plant time as written. Data
              already stored is not changed. A new plant file starts with this
              computer's zone.
  --stale-steps N
              a machine whose latest observation in a scoring run is more than N
              observation steps (--step) older than the run's latest observation
              has no recent data: pdm risks, pdm print and the app's ranking leave it
              out and list it separately. A whole number 1..${MAX_STALE_AFTER_STEPS}; default 3.
  --high-risk P, --medium-risk P
              risk thresholds, as a percentage (50%) or a probability (0.5): a risk
              at or above the high one is high, at or above the medium one medium.
              The app's ranking, pdm risks, pdm print (its default minimum risk is
              the high one), scheduled lists and alerts all use them. Default 50%
              and 20%; medium must be below high.
  --budget N  the inspection budget: machines the plant inspects per day, the top N
              of a day's list. pdm train and pdm evaluate report precision and
              recall at this budget per component. A whole number 1..${MAX_INSPECTION_BUDGET};
              default 10.

Cadence: how the readings are turned into observations. Lengths are a number and a
unit: 30s, 5m, 12h, 14d (also 1.5h, 2w). Each option changes only its setting.
  --step LEN  the observation step S: one observation per machine every S, on a grid
              of multiples of S counted from 1970-01-01 00:00 (default ${formatWindow(D.stepSeconds)}; 1s
              to ${formatDuration(CADENCE_LIMITS.maxStepSeconds)}).
  --windows LIST
              the rolling windows W1..Wk, comma-separated, in column order: each
              sensor gets a mean and a standard deviation over each window (default
              ${D.windowSeconds.map(formatWindow).join(',')}; 1 to ${CADENCE_LIMITS.maxWindows} windows of up to ${formatDuration(CADENCE_LIMITS.maxWindowSeconds)}). A column's
              name ends in the window's length in whole hours (volt_mean_12), else
              in whole minutes (_5m), else in seconds (_30s).
  --event-window LEN
              errors are counted over this length before each observation (default
              ${formatWindow(D.eventWindowSeconds)}).
  --horizon LEN
              the label horizon H: an observation is labelled with a component that
              fails within H after it (default ${formatDuration(D.horizonSeconds)}).
  Stored readings are not changed. Models trained under other settings must be
  retrained (pdm train): scoring with them is refused. pdm import measures how often
  the readings arrive and proposes settings that suit them.
  Daily readings:     pdm plant --db F --step 24h --windows 24h,72h,168h \\
                        --event-window 72h --horizon 14d
  Per-second (1 Hz):  pdm plant --db F --step 1m --windows 5m,10m,30m \\
                        --event-window 30m --horizon 1h
  Back to defaults:   pdm plant --db F --step 12h --windows 12h,24h,36h \\
                        --event-window 24h --horizon 7d

  --json      one JSON document on stdout (lengths in seconds)
`;

/** The option of each cadence setting. */
const CADENCE_OPTION: Record<CadenceField, string> = {
  step: '--step',
  windows: '--windows',
  event: '--event-window',
  horizon: '--horizon',
};

/** Parses one length option; a UserError naming it when it is not a length. */
function lengthOpt(value: string | undefined, name: string, list = false) {
  if (value === undefined) return undefined;
  try {
    return list ? parseDurationList(value, `--${name}`) : parseDuration(value, `--${name}`);
  } catch (e) {
    throw new UserError((e as Error).message);
  }
}

/** A span of time as the stale line shows it: `36 h`, `15 min`, `90 s`. */
function plainSpan(seconds: number): string {
  if (seconds % 3600 === 0) return `${seconds / 3600} h`;
  if (seconds % 60 === 0) return `${seconds / 60} min`;
  return `${seconds} s`;
}

/** --budget as a whole number of machines; a UserError naming it otherwise. */
function budgetOpt(value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  const n = /^\s*\d+\s*$/.test(value) ? Number(value) : NaN;
  const bad = inspectionBudgetProblem(n);
  if (bad) {
    throw new UserError(
      `--budget: the inspection budget must be a whole number of machines from 1 to ` +
        `${MAX_INSPECTION_BUDGET}, got '${value}'; nothing was changed`,
    );
  }
  return n;
}

export const command: Command = {
  summary: "show or set the plant's settings (time zone, stale data, cadence, risk levels, budget)",
  help,
  async run(argv, ctx) {
    const { values } = parse(argv, {
      db: { type: 'string' },
      tz: { type: 'string' },
      'stale-steps': { type: 'string' },
      step: { type: 'string' },
      windows: { type: 'string' },
      'event-window': { type: 'string' },
      horizon: { type: 'string' },
      'high-risk': { type: 'string' },
      'medium-risk': { type: 'string' },
      budget: { type: 'string' },
      json: { type: 'boolean' },
    });
    const db = requireOpt(values.db, 'db');
    const tz = values.tz;
    const steps = intOpt(values['stale-steps'], 'stale-steps', 1, MAX_STALE_AFTER_STEPS);
    const change: Partial<Cadence> = {};
    const step = lengthOpt(values.step, 'step') as number | undefined;
    if (step !== undefined) change.stepSeconds = step;
    const windows = lengthOpt(values.windows, 'windows', true) as number[] | undefined;
    if (windows !== undefined) change.windowSeconds = windows;
    const event = lengthOpt(values['event-window'], 'event-window') as number | undefined;
    if (event !== undefined) change.eventWindowSeconds = event;
    const horizon = lengthOpt(values.horizon, 'horizon') as number | undefined;
    if (horizon !== undefined) change.horizonSeconds = horizon;
    const cadence = Object.keys(change).length > 0;
    const high = riskOpt(values['high-risk'], '--high-risk');
    const medium = riskOpt(values['medium-risk'], '--medium-risk');
    const levels = high !== undefined || medium !== undefined;
    const budget = budgetOpt(values.budget);
    const write =
      tz !== undefined || steps !== undefined || cadence || levels || budget !== undefined;
    if (!write) {
      await access(db).catch(() => {
        throw new UserError(`--db ${db}: file does not exist`);
      });
    }
    let changed = false;
    const settings = await withPlant(db, { write, create: true, owner: 'pdm plant' }, async (p) => {
      if (cadence) {
        const before = plantCadence(p.store);
        const next = { ...before, ...change };
        const bad = cadenceFieldProblem(next);
        if (bad) {
          const option =
            bad.code === 'no-common-block' ? '--step/--windows' : CADENCE_OPTION[bad.field];
          throw new UserError(`${option}: ${bad.message}; nothing was changed`);
        }
        changed = !sameCadence(before, setPlantCadence(p.store, change));
      }
      if (tz !== undefined) {
        try {
          setPlantTimeZone(p.store, tz);
        } catch (e) {
          throw new UserError(`--tz: ${(e as Error).message}`);
        }
      }
      if (steps !== undefined) setPlantStaleAfterSteps(p.store, steps);
      if (levels) {
        const next = { ...plantThresholds(p.store) };
        if (high !== undefined) next.high = high;
        if (medium !== undefined) next.medium = medium;
        const bad = thresholdsProblem(next);
        if (bad) {
          throw new UserError(`--${bad.field}-risk: ${bad.message}; nothing was changed`);
        }
        setPlantThresholds(p.store, next);
      }
      if (budget !== undefined) setPlantInspectionBudget(p.store, budget);
      return plantSettings(p.store);
    });
    const c = settings.cadence;
    ctx.stdout(
      values.json
        ? JSON.stringify({ file: db, ...settings }) + '\n'
        : `${db}\n  time zone    ${settings.timeZone}\n` +
            `  stale after  ${settings.staleAfterSteps} steps ` +
            `(${plainSpan(settings.staleAfterSteps * c.stepSeconds)} without data)\n` +
            `  step         ${formatWindow(c.stepSeconds)}\n` +
            `  windows      ${c.windowSeconds.map(formatWindow).join(', ')} ` +
            `(columns ${c.windowSeconds.map((w) => '_' + windowSuffix(w)).join(', ')})\n` +
            `  event window ${formatWindow(c.eventWindowSeconds)}\n` +
            `  horizon      ${formatDuration(c.horizonSeconds)}\n` +
            `  risk levels  high from ${percent(settings.thresholds.high)}, medium from ` +
            `${percent(settings.thresholds.medium)}\n` +
            `  inspections  ${settings.inspectionBudget} machines a day\n` +
            (changed
              ? `  cadence set to ${describeCadence(c)}; models trained under other ` +
                'settings no longer score this plant: retrain them (pdm train)\n'
              : ''),
    );
    return 0;
  },
};
