/** Fixtures given as YAML text in tests, read from a file as vcdsim reads one, so their errors carry line numbers. */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buildFromFixture, readFixtureFile } from '../../src/resources/fixture.js';
import { Random } from '../../src/lib/random.js';

export const FIXTURE_NOW = '2024-05-01T10:00:00.000Z';

export function buildFromText(text: string, seed = 7): ReturnType<typeof buildFromFixture> {
  const dir = mkdtempSync(join(tmpdir(), 'vcdsim-fixture-'));
  const file = join(dir, 'f.yaml');
  writeFileSync(file, text);
  try {
    return buildFromFixture(readFixtureFile(file), new Random(seed), FIXTURE_NOW);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
