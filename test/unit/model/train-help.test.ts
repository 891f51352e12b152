/** `pdm train --help` states the defaults the forest really uses. */
import { describe, expect, it } from 'vitest';
import { command } from '../../../cli/commands/train';
import { DEFAULT_FOREST_PARAMS, resolveForestParams } from '../../../workers/forest/params';

describe('pdm train --help', () => {
  it('gives the seed and tree defaults that training applies', () => {
    expect(resolveForestParams({}).seed).toBe(0); // what a stored model records
    expect(command.help).toContain('random seed, 0..4294967295 (default 0)');
    expect(command.help).toContain(`number of trees (default ${DEFAULT_FOREST_PARAMS.nTrees})`);
    expect(command.help).toContain(
      `maximum tree depth (default ${DEFAULT_FOREST_PARAMS.maxDepth})`,
    );
    expect(command.help).toContain(
      `--class-weight W     none, balanced, balanced_subsample (default ${DEFAULT_FOREST_PARAMS.classWeight}`,
    );
  });
});
