import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { configure, Example, Module, Predict, Program, resetSettings } from '@dspy-ts/core';
import { GoldenLM } from '../../test/helpers/golden-lm';
import { COPRO } from './copro';

// Written by scripts/dspy-goldens-copro.py from Python DSPy 3.4.1.
const golden = JSON.parse(readFileSync(join(__dirname, '../../test/goldens/copro.golden.json'), 'utf8'));

@Module()
class TwoStep extends Program<{ question: string }> {
  readonly draft = new Predict('question -> answer');
  readonly final = new Predict('question, draft -> answer');
  async forward({ question }: { question: string }) {
    const { answer } = await this.draft.call({ question });
    return this.final.call({ question, draft: answer });
  }
}

const metric = (e: Example<any>, p: { answer: string }) => e.answer === p.answer;

afterEach(() => resetSettings());

describe.each([
  ['single', () => new Predict('question -> answer')],
  ['two_step', () => new TwoStep()],
])('COPRO side by side with DSPy 3.4.1 (%s)', (name, build) => {
  const g = golden[name];
  it('sends byte-identical proposer requests and picks the same instructions and scores', async () => {
    const lm = new GoldenLM();
    configure({ lm });
    const trainset = g.trainset.map((r: Record<string, string>) => new Example(r).withInputs('question'));
    const copro = new COPRO({ metric, breadth: g.breadth, depth: g.depth, initTemperature: 1.4, progress: false });
    const { program, report, coproCandidates } = await copro.compile(build() as any, { trainset });
    expect(lm.requests).toEqual(g.proposer_requests);
    expect(program.namedPredictors().map(([, p]: [string, any]) => p.signature.instructions)).toEqual(
      g.best_instructions,
    );
    expect(program.namedPredictors().map(([, p]: [string, any]) => p.signature.fields.at(-1)!.prefix)).toEqual(
      g.best_prefixes,
    );
    expect(
      coproCandidates.map((c) => ({ score: c.score, instruction: c.instruction, prefix: c.prefix, depth: c.depth })),
    ).toEqual(g.candidates);
    expect(report.totalCalls).toBe(g.total_calls);
  });
});
