/**
 * `npm run bench -- <name> [args]`: runs scripts/bench/<name>.ts, which prints our
 * figures next to a peer's measured in the same script. Never a pass/fail test.
 */
import { readdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const dir = join(dirname(fileURLToPath(import.meta.url)), 'bench');
const available = readdirSync(dir)
  .filter((f) => f.endsWith('.ts'))
  .map((f) => f.replace(/\.ts$/, ''))
  .sort();
const [name, ...rest] = process.argv.slice(2);
if (!name || !available.includes(name)) {
  console.error(`usage: npm run bench -- <${available.join('|')}> [options]`);
  process.exit(name ? 1 : 0);
}
const mod = (await import(pathToFileURL(join(dir, `${name}.ts`)).href)) as {
  main(args: string[]): Promise<void>;
};
await mod.main(rest);
