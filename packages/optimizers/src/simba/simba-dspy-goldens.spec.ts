import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { configure, Example, Module, Predict, Program, resetSettings } from '@dspy-ts/core';
import { messageText } from '@dspy-ts/core/provider-kit';
import { FnLM } from '../../test/helpers/fn-lm';
import { fieldOf } from '@dspy-ts/core/testing';
import { SIMBA } from './simba';

// Replays scripts/dspy-goldens-simba.py: same program, data, scripted LMs and seed as a DSPy 3.4.1
// SIMBA run with append_a_rule only (max_demos=0), which recorded every OfferFeedback request.

const g = JSON.parse(readFileSync(join(__dirname, '../../test/fixtures/simba/simba-rules.golden.json'), 'utf8'));

@Module()
class Pipeline extends Program<{ question: string }> {
  readonly step1 = new Predict('question -> draft');
  readonly step2 = new Predict('draft -> answer');
  async forward({ question }: { question: string }) {
    const { draft } = await this.step1.call({ question });
    return this.step2.call({ draft });
  }
}

const reply = (fields: Record<string, string>) =>
  `${Object.entries(fields)
    .map(([k, v]) => `[[ ## ${k} ## ]]\n${v}`)
    .join('\n\n')}\n\n[[ ## completed ## ]]`;

const taskLm = () =>
  new FnLM((messages, options) => {
    const system = messageText(messages[0]!);
    const user = messageText(messages[messages.length - 1]!);
    const explore = options.temperature === 1;
    const rid = options.rolloutId;
    if (system.includes('Your output fields are:\n1. `draft`')) {
      const q = fieldOf(user, 'question');
      const up = system.includes('SHOUT') || (explore && (rid === 1 || rid === 3) && q.length % 2 === 0);
      return reply({ draft: up ? q.toUpperCase() : q });
    }
    const d = fieldOf(user, 'draft');
    const ex = system.includes('exclaim') || (explore && (rid === 2 || rid === 3) && d.length % 2 === 1);
    return reply({ answer: ex ? `${d}!` : d });
  });

const feedbackLm = () => {
  let n = 0;
  return new FnLM((messages) => {
    n++;
    const user = messageText(messages[messages.length - 1]!);
    const answer: string = JSON.parse(fieldOf(user, 'oracle_metadata').replace(/\n/g, '')).answer;
    const advice: Record<string, string> = {};
    if (answer !== answer.toLowerCase()) advice.step1 = `Write the draft in SHOUT case (tip ${n}).`;
    if (answer.endsWith('!')) advice.step2 = `Copy the draft and exclaim with a final ! (tip ${n}).`;
    return reply({
      discussion: `Compared the trajectories (call ${n}).`,
      module_advice: JSON.stringify(advice).replace(/":"/g, '": "').replace(/","/g, '", "'),
    });
  });
};

afterEach(() => resetSettings());

it('SIMBA (append_a_rule) against DSPy 3.4.1: byte-identical OfferFeedback requests, same program and scores', async () => {
  const task = taskLm();
  const feedback = feedbackLm();
  configure({ lm: task });
  const trainset = g.trainset.map((d: object) => new Example<any>(d).withInputs('question'));
  const { program, report } = await new SIMBA({
    metric: (e, p) => Number(e.answer === p.answer),
    promptModel: feedback,
    programCode: g.program_code,
    concurrency: 1,
    ...{ bsize: 4, numCandidates: 3, maxSteps: 3, maxDemos: 0 },
  }).compile(new Pipeline(), { trainset });
  expect(feedback.calls.map((c) => c.messages)).toEqual(g.feedback_calls.map((c: { messages: unknown }) => c.messages));
  expect(task.calls.length).toBe(g.task_lm_calls);
  expect(report.simba.finalScores.map((s) => s.score)).toEqual(g.candidate_scores);
  expect(Object.fromEntries(program.namedPredictors().map(([n, p]) => [n, p.signature.instructions]))).toEqual(
    g.final_instructions,
  );
});
