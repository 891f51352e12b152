/** Locates ../shared (the sample data, golden files and peer tools) beside the repository. */
import { existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

export const REPO_ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');
export const SHARED_DIR = process.env.PDM_SHARED_DIR ?? resolve(REPO_ROOT, '..', 'shared');
export const SAMPLE_DIR = join(SHARED_DIR, 'data', 'pdm-sample');
export const GOLDEN_FEATURES = join(SHARED_DIR, 'golden', 'features-pdm-sample.csv');

/** True when ../shared/data/pdm-sample is there; tests that need it use `describe.skipIf(!HAS_SAMPLE)`. */
export const HAS_SAMPLE = existsSync(join(SAMPLE_DIR, 'PdM_telemetry.csv'));

if (!HAS_SAMPLE) {
  console.warn(
    `[tests] ../shared/data/pdm-sample not found at ${SAMPLE_DIR}: tests on the real sample are SKIPPED. ` +
      'Put the shared folder beside the repository or set PDM_SHARED_DIR.',
  );
}
