import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { DspyError } from '@dspy-ts/core';
import { defaultModelPath, modelCacheDir } from './model-path';

const SCRIPT = resolve(__dirname, '../../../scripts/fetch-model');

describe('model path resolution (same rules as scripts/fetch-model)', () => {
  it('prefers DSPY_TS_MODEL, then DSPY_TS_MODEL_DIR + the named model, then ~/.cache', () => {
    expect(defaultModelPath({ DSPY_TS_MODEL: '/m/x.gguf' })).toBe('/m/x.gguf');
    expect(defaultModelPath({ DSPY_TS_MODEL_DIR: '/d' })).toBe('/d/SmolLM2-135M-Instruct.Q4_1.gguf');
    expect(defaultModelPath({ DSPY_TS_MODEL_DIR: '/d', DSPY_TS_MODEL_NAME: 'gemma3-270m' })).toBe(
      '/d/gemma-3-270m-q4_k_m.gguf',
    );
    expect(modelCacheDir({ XDG_CACHE_HOME: '/c' })).toBe('/c/dspy-ts/models');
    let err: unknown;
    try {
      defaultModelPath({ DSPY_TS_MODEL_NAME: 'nope' });
    } catch (e) {
      err = e;
    }
    expect(DspyError.is(err, 'LM_MODEL_NOT_FOUND')).toBe(true);
  });
});

describe('scripts/fetch-model with DSPY_TS_MODEL (no network)', () => {
  const dir = mkdtempSync(join(tmpdir(), 'fetch-model-'));
  const run = (model: string) =>
    spawnSync('bash', [SCRIPT], { env: { ...process.env, DSPY_TS_MODEL: model }, encoding: 'utf8' });

  it('prints a GGUF path given by DSPY_TS_MODEL and nothing else on stdout', () => {
    const gguf = join(dir, 'tiny.gguf');
    writeFileSync(gguf, Buffer.concat([Buffer.from('GGUF'), Buffer.alloc(16)]));
    expect(execFileSync('bash', [SCRIPT], { env: { ...process.env, DSPY_TS_MODEL: gguf }, encoding: 'utf8' })).toBe(
      `${gguf}\n`,
    );
  });

  it('rejects a missing file and a file that is not GGUF', () => {
    const missing = run(join(dir, 'missing.gguf'));
    expect(missing.status).toBe(1);
    expect(missing.stdout).toBe('');
    expect(missing.stderr).toContain('does not exist');
    const text = join(dir, 'model.gguf');
    writeFileSync(text, 'not a model');
    const wrong = run(text);
    expect(wrong.status).toBe(1);
    expect(wrong.stderr).toContain('not a GGUF file');
  });

  it('is a no-op that prints the cached path when the default model is already there', () => {
    const path = defaultModelPath();
    const res = spawnSync('bash', [SCRIPT], {
      env: { ...process.env, DSPY_TS_MODEL: '' },
      encoding: 'utf8',
      timeout: 10_000,
    });
    expect(res.status).toBe(0);
    expect(res.stdout).toBe(`${path}\n`);
    expect(res.stderr).toBe('');
  });
});
