/**
 * `pdm plant`: the plant's settings kept in its file. Today the time zone: offset
 * timestamps and epoch times are converted to it at import; times without an offset
 * are plant time already.
 */
import { access } from 'node:fs/promises';
import { plantSettings, setPlantTimeZone } from '../../workers/store/plant-settings';
import { parse, requireOpt, UserError, type Command } from '../cli-kit';
import { withPlant } from '../plant';

const help = `pdm plant: show or change the plant's settings

usage: pdm plant --db FILE                 show the settings
       pdm plant --db FILE --tz ZONE       set the plant's time zone
       [--json]

  --tz ZONE   IANA time zone name of the plant, e.g. Europe/Berlin, America/Chicago,
              Asia/Seoul, UTC. Timestamps with Z or an offset (+09:00) and Unix epoch
              times are converted to this zone's wall-clock time when imported;
              timestamps without an offset are taken as plant time as written. Data
              already stored is not changed. A new plant file starts with this
              computer's zone.
  --json      one JSON document on stdout
`;

export const command: Command = {
  summary: "show or set the plant's settings (time zone)",
  help,
  async run(argv, ctx) {
    const { values } = parse(argv, {
      db: { type: 'string' },
      tz: { type: 'string' },
      json: { type: 'boolean' },
    });
    const db = requireOpt(values.db, 'db');
    const tz = values.tz;
    if (tz === undefined) {
      await access(db).catch(() => {
        throw new UserError(`--db ${db}: file does not exist`);
      });
    }
    const settings = await withPlant(
      db,
      { write: tz !== undefined, create: true, owner: 'pdm plant' },
      async (p) => {
        if (tz !== undefined) {
          try {
            setPlantTimeZone(p.store, tz);
          } catch (e) {
            throw new UserError(`--tz: ${(e as Error).message}`);
          }
        }
        return plantSettings(p.store);
      },
    );
    ctx.stdout(
      values.json
        ? JSON.stringify({ file: db, ...settings }) + '\n'
        : `${db}\n  time zone  ${settings.timeZone}\n`,
    );
    return 0;
  },
};
