import { describe, expect, it } from 'vitest';
import { plantPathFromArgv } from '../../../electron/launch-args';

describe('plant file on the command line', () => {
  it('takes the last plant-file argument, resolved against the working directory', () => {
    expect(plantPathFromArgv(['/opt/Plant PdM/plant-pdm', '/home/a/north.pdm'], '/x')).toBe(
      '/home/a/north.pdm',
    );
    expect(plantPathFromArgv(['electron', '.', 'plants/south.PDM'], '/home/b')).toBe(
      '/home/b/plants/south.PDM',
    );
    expect(plantPathFromArgv(['app', '/a.pdm', '--flag', '/b.sqlite'], '/')).toBe('/b.sqlite');
  });

  it('ignores options, other files and the executable itself', () => {
    expect(plantPathFromArgv(['/usr/bin/x.db'], '/')).toBeNull();
    expect(
      plantPathFromArgv(['app', '--user-data-dir=/tmp/x.pdm', '/etc/passwd', 'notes.txt'], '/'),
    ).toBeNull();
    expect(plantPathFromArgv(['app', '/a\u0000.pdm'], '/')).toBeNull();
    expect(plantPathFromArgv([], '/')).toBeNull();
  });
});
