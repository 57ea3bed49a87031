import { configure, Evaluate, resetSettings } from '@dspy-ts/core';
import { FakeIdeaServer } from '@dspy-ts/testing';
import { BootstrapFewShot } from '../../src/bootstrap/bootstrap-few-shot';
import { COPRO } from '../../src/copro/copro';
import { MIPROv2 } from '../../src/mipro/mipro-v2';
import { exactAnswer, fakeLm, reverseExamples, wordProgram } from '../helpers/idea-data';

// Over HTTP, with the real OpenAI-compatible client: the fake model answers correctly only when
// the instructions contain the idea "reverse"; demos in the prompt are ignored, so only an
// instruction optimizer can lift accuracy.
const trainset = reverseExamples(0, 20);
const valset = reverseExamples(20, 20);
const heldout = reverseExamples(40, 20);
let server: FakeIdeaServer;

beforeEach(async () => {
  server = await new FakeIdeaServer({
    proposals: [
      'Answer with the word as given.',
      'Reverse the letters of the word and answer with the reversed word.',
      'Answer with a single word.',
      'Spell the word backwards: reverse its letters.',
    ],
  }).start();
  configure({ lm: fakeLm(server) });
});
afterEach(async () => {
  resetSettings();
  await server.close();
});

const accuracy = async (program: any) =>
  (await new Evaluate({ devset: heldout, metric: exactAnswer, progress: false }).run(program)).score;

describe('instruction optimizers against FakeIdeaServer (HTTP)', () => {
  it('BootstrapFewShot cannot teach the idea with demos', async () => {
    const { program } = await new BootstrapFewShot({ metric: exactAnswer }).compile(wordProgram(), { trainset });
    expect(await accuracy(wordProgram())).toBe(0);
    expect(await accuracy(program)).toBeLessThan(20);
  });

  it('COPRO finds the idea and lifts held-out accuracy to >= 90%', async () => {
    const copro = new COPRO({ metric: exactAnswer, breadth: 4, depth: 2, progress: false });
    const { program, report } = await copro.compile(wordProgram(), { trainset });
    expect(program.signature.instructions).toMatch(/revers/i);
    expect(await accuracy(program)).toBeGreaterThanOrEqual(90);
    expect(server.stats.byKind['copro-basic']).toBe(1);
    expect(server.stats.byKind['copro-attempts']).toBe(1);
    expect(report.trials?.length).toBe(8);
    expect(JSON.parse(JSON.stringify(report)).trials).toHaveLength(8);
  });

  it('MIPROv2 (auto light) finds the idea and lifts held-out accuracy to >= 90%', async () => {
    const mipro = new MIPROv2({ metric: exactAnswer, auto: 'light', progress: false });
    const { program, report } = await mipro.compile(wordProgram(), { trainset, valset });
    expect(program.signature.instructions).toMatch(/revers/i);
    expect(await accuracy(program)).toBeGreaterThanOrEqual(90);
    expect(report.settings).toMatchObject({
      numTrials: 10,
      numInstructCandidates: 3,
      numFewshotCandidates: 6,
      minibatch: false,
    });
    expect(server.stats.byKind['mipro-instruction']).toBe(3);
    expect(server.stats.byKind['program-description']).toBe(3);
    expect(report.trials?.length).toBe(11); // baseline + 10
  });

  it('MIPROv2 zero-shot mode finds the idea without demos', async () => {
    const mipro = new MIPROv2({
      metric: exactAnswer,
      auto: null,
      numCandidates: 4,
      numTrials: 8,
      maxBootstrappedDemos: 0,
      maxLabeledDemos: 0,
      minibatch: false,
      progress: false,
    });
    const { program } = await mipro.compile(wordProgram(), { trainset, valset });
    expect(program.demos).toEqual([]);
    expect(program.signature.instructions).toMatch(/revers/i);
    expect(await accuracy(program)).toBeGreaterThanOrEqual(90);
  });
});
