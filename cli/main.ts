/**
 * `pdm`: the headless command line of the plant predictive-maintenance tool.
 * Each command lives in cli/commands/<name>.ts and is loaded only when used.
 */
import { EXIT_BAD_INPUT, EXIT_INTERNAL, type Command, type CommandContext } from './cli-kit';
import { userMessage } from './errors';
import { cancelOnSignals, exitWhenLauncherDies } from './stop';

const COMMANDS: Record<string, () => Promise<{ command: Command }>> = {
  // one line per command, in the order `pdm --help` lists them
  simulate: () => import('./commands/simulate'),
  import: () => import('./commands/import'),
  plant: () => import('./commands/plant'),
  stats: () => import('./commands/stats'),
  features: () => import('./commands/features'),
  train: () => import('./commands/train'),
  evaluate: () => import('./commands/evaluate'),
  score: () => import('./commands/score'),
  risks: () => import('./commands/risks'),
  health: () => import('./commands/health'),
  print: () => import('./commands/print'),
  rules: () => import('./commands/rules'),
  proposals: () => import('./commands/proposals'),
  model: () => import('./commands/model'),
  schedule: () => import('./commands/schedule'),
  runs: () => import('./commands/runs'),
  export: () => import('./commands/export'),
  'import-results': () => import('./commands/import-results'),
  'run-due': () => import('./commands/run-due'),
};

async function main(argv: string[]): Promise<number> {
  const [name, ...rest] = argv;
  exitWhenLauncherDies();
  const ctx: CommandContext = {
    signal: cancelOnSignals(),
    stdout: (s) => process.stdout.write(s),
    stderr: (s) => process.stderr.write(s),
  };
  if (!name || name === '--help' || name === '-h' || name === 'help') {
    const lines = [
      'pdm: offline predictive maintenance for plant teams',
      '',
      'usage: pdm <command> [options]   (pdm <command> --help for its options)',
      '',
      'commands:',
    ];
    for (const [n, load] of Object.entries(COMMANDS)) {
      lines.push(`  ${n.padEnd(10)} ${(await load()).command.summary}`);
    }
    lines.push(
      '',
      'Exit codes: 0 ok, 1 bad input (the message says what and where), 2 internal error,',
      '3 (import) stored, but some rows or columns were not (each listed).',
      'Progress goes to stderr; --json puts one JSON document on stdout. Ctrl-C cancels',
      'long work and stores nothing partial.',
      '',
    );
    ctx.stdout(lines.join('\n'));
    return name ? 0 : EXIT_BAD_INPUT;
  }
  const load = COMMANDS[name];
  if (!load) {
    ctx.stderr(`pdm: unknown command '${name}' (see pdm --help)\n`);
    return EXIT_BAD_INPUT;
  }
  const { command } = await load();
  if (rest.includes('--help') || rest.includes('-h')) {
    ctx.stdout(command.help.trimEnd() + '\n');
    return 0;
  }
  return command.run(rest, ctx);
}

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (e: unknown) => {
    const message = userMessage(e);
    if (message !== null) {
      process.stderr.write(`pdm: ${message}\n`);
      process.exitCode = EXIT_BAD_INPUT;
    } else {
      process.stderr.write(`pdm: internal error: ${(e as Error)?.stack ?? String(e)}\n`);
      process.exitCode = EXIT_INTERNAL;
    }
  },
);
