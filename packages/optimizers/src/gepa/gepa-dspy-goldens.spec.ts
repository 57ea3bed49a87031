import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { type ChatMessage, configure, Example, Module, Predict, Program, resetSettings } from '@dspy-ts/core';
import { messageText } from '@dspy-ts/core/provider-kit';
import { fieldOf, ScriptedLM } from '@dspy-ts/core/testing';
import { GEPA } from './gepa';
import type { GepaMetric } from './reflective-dataset';
import { extractInstruction, GEPA_REFLECTION_TEMPLATE, renderRecords } from './proposer';

// Replays scripts/dspy-goldens-gepa.py: the same program, data, scripted task LM, scripted
// reflection LM and seed as a run of DSPy 3.4.1's GEPA, which recorded every reflection request.

const dir = join(__dirname, '../../test/fixtures/gepa');
const golden = (name: string) => JSON.parse(readFileSync(join(dir, `${name}.golden.json`), 'utf8'));

@Module()
class Pipeline extends Program<{ question: string }> {
  readonly step1 = new Predict('question -> draft');
  readonly step2 = new Predict('draft -> answer');
  async forward({ question }: { question: string }) {
    const { draft } = await this.step1.call({ question });
    return this.step2.call({ draft });
  }
}

const taskLm = () =>
  new ScriptedLM((user, messages) => {
    const system = messageText(messages[0]!);
    if (system.includes('Your output fields are:\n1. `draft`')) {
      const q = fieldOf(user, 'question');
      return { draft: system.includes('SHOUT') ? q.toUpperCase() : q };
    }
    const d = fieldOf(user, 'draft');
    return { answer: system.includes('exclaim') ? `${d}!` : d };
  });

function reflectionLm(calls: ChatMessage[][]) {
  let n = 0;
  return new ScriptedLM((user, messages) => {
    calls.push(messages.map((m) => ({ ...m })));
    n++;
    const text = user.includes('"Inputs": {"draft"')
      ? `Copy the draft into the answer and exclaim at the end (v${n}).`
      : `Rewrite the question in SHOUT case as the draft (v${n}).`;
    return JSON.stringify({ new_instruction: text });
  });
}

const metric: GepaMetric = (gold, pred) => {
  const ok = gold.answer === pred.answer;
  return { score: ok ? 1 : 0, feedback: ok ? 'Correct.' : `Expected '${gold.answer}' but got '${pred.answer}'.` };
};

afterEach(() => resetSettings());

describe('GEPA against DSPy 3.4.1 (scripts/dspy-goldens-gepa.py)', () => {
  const cases: [string, object][] = [
    ['gepa-merge', { maxMetricCalls: 150, useMerge: true }],
    ['gepa-no-merge', { maxMetricCalls: 80, useMerge: false }],
    ['gepa-current-best', { maxMetricCalls: 80, useMerge: false, candidateSelectionStrategy: 'current_best' }],
  ];
  it.each(cases)(
    '%s: byte-identical reflection requests, same candidates, scores and budget',
    async (name, options) => {
      const g = golden(name);
      const trainset = g.trainset.map((d: object) => new Example<any>(d).withInputs('question'));
      const valset = g.valset.map((d: object) => new Example<any>(d).withInputs('question'));
      const task = taskLm();
      configure({ lm: task });
      const calls: ChatMessage[][] = [];
      const student = new Pipeline();
      const before = JSON.stringify(student.dumpState());
      const { program, report } = await new GEPA({
        metric,
        reflectionLm: reflectionLm(calls),
        seed: 0,
        concurrency: 1,
        ...options,
      }).compile(student, { trainset, valset });
      expect(calls.length).toBe(g.reflection_calls.length);
      calls.forEach((messages, i) => {
        expect(messages.map((m) => ({ role: m.role, content: m.content }))).toEqual(g.reflection_calls[i].messages);
      });
      expect(report.gepa.candidates).toEqual(g.candidates);
      expect(report.gepa.parents).toEqual(g.parents);
      expect(report.gepa.valSubscores).toEqual(g.val_subscores);
      expect(report.gepa.valAggregateScores).toEqual(g.val_aggregate_scores);
      expect(report.gepa.discoveryEvalCounts).toEqual(g.discovery_eval_counts);
      expect(report.gepa.totalMetricCalls).toBe(g.total_metric_calls);
      expect(report.gepa.numFullValEvals).toBe(g.num_full_val_evals);
      expect(report.gepa.bestIndex).toBe(g.best_idx);
      expect(task.forwards).toBe(g.task_lm_calls);
      expect(Object.fromEntries(program.namedPredictors().map(([n, p]) => [n, p.signature.instructions]))).toEqual(
        g.final_instructions,
      );
      expect(JSON.stringify(student.dumpState())).toBe(before); // the student is never changed
      expect(() => JSON.stringify(report)).not.toThrow();
    },
  );

  it("renders gepa's own reflection template and extracts fenced instructions as gepa does", () => {
    const g = golden('gepa-template');
    const prompt = GEPA_REFLECTION_TEMPLATE.replace('<curr_param>', g.current_instruction).replace(
      '<side_info>',
      renderRecords(g.dataset),
    );
    expect(prompt).toBe(g.prompt);
    expect(g.extractions.length).toBeGreaterThan(0);
    for (const { reply, instruction } of g.extractions) expect(extractInstruction(reply).instruction).toBe(instruction);
  });
});
