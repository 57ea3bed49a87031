import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Logger } from '@nestjs/common';
import { Test } from '@nestjs/testing';
import { DspyError } from '@dspy-ts/core';
import { DummyLM } from '@dspy-ts/testing';
import { DspyModule, type DspyFeatureOptions } from '../src';
import { Classify, QA } from './fixtures';

let dir: string;
let statePath: string;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'dspy-nest-state-'));
  statePath = join(dir, 'qa.json');
  const compiled = new QA();
  compiled.generate.demos = [{ question: 'Capital of France?', answer: 'Paris' }];
  await compiled.save(statePath);
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const start = (programs: Parameters<typeof DspyModule.forFeature>[0], options: DspyFeatureOptions) =>
  Test.createTestingModule({
    imports: [DspyModule.forRoot({ lm: new DummyLM([]) }), DspyModule.forFeature(programs, options)],
  }).compile();

async function startupError(
  programs: Parameters<typeof DspyModule.forFeature>[0],
  options: DspyFeatureOptions,
): Promise<DspyError> {
  const err = await start(programs, options).then(
    () => undefined,
    (e: unknown) => e,
  );
  if (!DspyError.is(err)) throw new Error(`expected startup to fail with a DspyError, got ${String(err)}`);
  return err;
}

describe('DspyModule.forFeature compiled state', () => {
  it('loads the compiled state before the program is handed out', async () => {
    const moduleRef = await start([QA], { compiledStatePath: statePath });
    expect(moduleRef.get(QA).generate.demos).toEqual([
      expect.objectContaining({ question: 'Capital of France?', answer: 'Paris' }),
    ]);
  });

  it('picks a file per program with a function of the class', async () => {
    const moduleRef = await start([QA], { compiledStatePath: (cls) => join(dir, `${cls.name.toLowerCase()}.json`) });
    expect(moduleRef.get(QA).generate.demos).toHaveLength(1);
  });

  it('fails startup naming the program, the path and the fix when the file is missing', async () => {
    const missing = join(dir, 'nope.json');
    const err = await startupError([QA], { compiledStatePath: missing });
    expect(err.code).toBe('FILE_INVALID');
    expect(err.message).toContain(`compiled state file of QA does not exist: ${missing}`);
    expect(err.message).toContain('optional: true');
  });

  it('starts uncompiled with a warning when a missing file is optional', async () => {
    const warn = jest.spyOn(Logger.prototype, 'warn').mockImplementation(() => undefined);
    const moduleRef = await start([{ program: QA, compiledStatePath: join(dir, 'nope.json'), optional: true }], {});
    expect(moduleRef.get(QA).generate.demos).toEqual([]);
    expect(warn).toHaveBeenCalledWith(expect.stringContaining('serving it uncompiled'));
    warn.mockRestore();
  });

  it('fails startup on a file that does not match the program, even when optional', async () => {
    const err = await startupError([Classify], { compiledStatePath: statePath, optional: true });
    expect(err.code).toBe('STATE_MISMATCH');
    expect(err.message).toMatch(/Cannot start: the compiled state of Classify in .*qa\.json could not be loaded/);
    expect(err.message).toContain('Recompile Classify');
  });

  it('fails startup on a file that is not JSON', async () => {
    const broken = join(dir, 'broken.json');
    writeFileSync(broken, '{ not json');
    const err = await startupError([QA], { compiledStatePath: broken });
    expect(err.code).toBe('FILE_INVALID');
    expect(err.message).toContain('not valid JSON');
  });
});
