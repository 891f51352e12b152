/**
 * `pdm plant`: the plant's settings kept in its file: the time zone (offset timestamps
 * and epoch times are converted to it at import; times without an offset are plant
 * time already) and the steps after which a machine's data is stale for the ranking.
 */
import { access } from 'node:fs/promises';
import {
  MAX_STALE_AFTER_STEPS,
  plantSettings,
  setPlantStaleAfterSteps,
  setPlantTimeZone,
} from '../../workers/store/plant-settings';
import { STEP_SECONDS } from '../../workers/features/schema';
import { intOpt, parse, requireOpt, UserError, type Command } from '../cli-kit';
import { withPlant } from '../plant';

const help = `pdm plant: show or change the plant's settings

usage: pdm plant --db FILE                 show the settings
       pdm plant --db FILE --tz ZONE       set the plant's time zone
       pdm plant --db FILE --stale-steps N set when a machine's data is stale
       [--json]

  --tz ZONE   IANA time zone name of the plant, e.g. Europe/Berlin, America/Chicago,
              Asia/Seoul, UTC. Timestamps with Z or an offset (+09:00) and Unix epoch
              times are converted to this zone's wall-clock time when imported;
              timestamps without an offset are taken as plant time as written. Data
              already stored is not changed. A new plant file starts with this
              computer's zone.
  --stale-steps N
              a machine whose latest observation in a scoring run is more than N
              observation steps (12 h each) older than the run's latest observation
              has no recent data: pdm risks, pdm print and the app's ranking leave it
              out and list it separately. A whole number 1..${MAX_STALE_AFTER_STEPS}; default 3.
  --json      one JSON document on stdout
`;

export const command: Command = {
  summary: "show or set the plant's settings (time zone, stale data)",
  help,
  async run(argv, ctx) {
    const { values } = parse(argv, {
      db: { type: 'string' },
      tz: { type: 'string' },
      'stale-steps': { type: 'string' },
      json: { type: 'boolean' },
    });
    const db = requireOpt(values.db, 'db');
    const tz = values.tz;
    const steps = intOpt(values['stale-steps'], 'stale-steps', 1, MAX_STALE_AFTER_STEPS);
    const write = tz !== undefined || steps !== undefined;
    if (!write) {
      await access(db).catch(() => {
        throw new UserError(`--db ${db}: file does not exist`);
      });
    }
    const settings = await withPlant(db, { write, create: true, owner: 'pdm plant' }, async (p) => {
      if (tz !== undefined) {
        try {
          setPlantTimeZone(p.store, tz);
        } catch (e) {
          throw new UserError(`--tz: ${(e as Error).message}`);
        }
      }
      if (steps !== undefined) setPlantStaleAfterSteps(p.store, steps);
      return plantSettings(p.store);
    });
    ctx.stdout(
      values.json
        ? JSON.stringify({ file: db, ...settings }) + '\n'
        : `${db}\n  time zone    ${settings.timeZone}\n` +
            `  stale after  ${settings.staleAfterSteps} steps ` +
            `(${(settings.staleAfterSteps * STEP_SECONDS) / 3600} h without data)\n`,
    );
    return 0;
  },
};
