import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { configure, Example, Predict, resetSettings, SeededRandom } from '@dspy-ts/core';
import { DummyLM } from '@dspy-ts/testing';
import { HashReplyLM } from '../../test/helpers/hash-reply-lm';
import { GroundedProposer, stripPrefix } from './grounded-proposer';

afterEach(() => resetSettings());

// Written by scripts/dspy-goldens-mipro-proposer.py from Python DSPy 3.4.1.
const golden = JSON.parse(readFileSync(join(__dirname, '../../test/goldens/mipro-proposer.golden.json'), 'utf8'));

describe('GroundedProposer side by side with DSPy 3.4.1', () => {
  it('sends byte-identical summary, description and proposal requests and returns the same instructions', async () => {
    const lm = new HashReplyLM();
    configure({ lm });
    const trainset = golden.trainset.map((r: Record<string, string>) => new Example(r).withInputs('question'));
    const aug = [0, 1, 2, 3, 4].map(
      (i) => new Example({ augmented: true, question: `What is ${i} + 1?`, answer: String(i + 1) }),
    );
    const labeled = [new Example({ question: 'What is 9 + 9?', answer: '18' }).withInputs('question')];
    const demoCandidates = [[[], labeled, [aug[0]!, aug[1]!], [aug[2]!], [aug[3]!, aug[4]!]]];
    const program = new Predict('question -> answer');
    const proposer = await GroundedProposer.create({ promptModel: lm, program, trainset, rng: new SeededRandom(9) });
    const proposals = await proposer.proposeInstructionsForProgram(program, demoCandidates, 4);
    expect(proposer.dataSummary).toBe(golden.data_summary);
    expect(proposals[0]).toEqual(golden.proposals);
    const sorted = (rs: unknown[]) => rs.map((r) => JSON.stringify(r)).sort();
    expect(sorted(lm.requests)).toEqual(sorted(golden.requests));
  });
});

// Port of DSPy's tests/propose/test_grounded_proposer.py.
describe.each([
  ['no demo candidates', undefined],
  ['one demo set', [[[new Example({ question: 'What is the capital of France?', answer: 'Paris' })]]]],
])('GroundedProposer (ported) with %s', (_name, demoCandidates) => {
  const promptModel = () =>
    new DummyLM([
      { observations: '' },
      { summary: '' },
      { program_description: '' },
      { module_description: '' },
      { proposed_instruction: 'instruction' },
    ]);

  it('proposes instructions for the program', async () => {
    const lm = promptModel();
    const program = new Predict('question -> answer');
    const proposer = await GroundedProposer.create({
      promptModel: lm,
      program,
      trainset: [],
      rng: new SeededRandom(0),
    });
    const result = await proposer.proposeInstructionsForProgram(program, demoCandidates, 1);
    expect(result).toHaveLength(program.namedPredictors().length);
    for (const instructions of result) expect(instructions).toEqual(['instruction']);
  });

  it('proposes an instruction for one predictor', async () => {
    const lm = promptModel();
    const program = new Predict('question -> answer');
    const proposer = await GroundedProposer.create({
      promptModel: lm,
      program,
      trainset: [],
      rng: new SeededRandom(0),
    });
    expect(await proposer.proposeInstructionForPredictor(program, 0, demoCandidates, 0, 1, undefined)).toBe(
      'instruction',
    );
  });
});

describe('stripPrefix', () => {
  it('drops a short label and outer quotes, as DSPy', () => {
    expect(stripPrefix('Proposed Instruction: "Be brief."')).toBe('Be brief.');
    expect(stripPrefix('**Summary:** data')).toBe('** data');
    expect(stripPrefix('No label here')).toBe('No label here');
  });
});
