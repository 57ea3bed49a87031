import { configure, Evaluate, type Example, resetSettings } from '@dspy-ts/core';
import { FakeIdeaServer, parseChatRequest, type PromptContext } from '@dspy-ts/testing';
import { BootstrapFewShot } from '../../src/bootstrap/bootstrap-few-shot';
import { GEPA } from '../../src/gepa/gepa';
import type { GepaMetric } from '../../src/gepa/reflective-dataset';
import { SIMBA } from '../../src/simba/simba';
import { exactAnswer, fakeLm, reverseExamples, wordProgram } from '../helpers/idea-data';

// Over HTTP, with the real OpenAI-compatible client, against FakeIdeaServer: the model answers
// correctly only when the instructions say "reverse"; demos are ignored, so BootstrapFewShot
// cannot help and only a rewritten instruction can.
const trainset = reverseExamples(0, 20);
const valset = reverseExamples(20, 10);
const heldout = reverseExamples(30, 20);
const IDEA = 'Reverse the letters of the word and answer with the reversed word.';
let server: FakeIdeaServer;

const accuracy = async (program: any) =>
  (await new Evaluate({ devset: heldout, metric: exactAnswer, progress: false }).run(program)).score;

afterEach(async () => {
  resetSettings();
  await server.close();
});

describe('GEPA over HTTP (FakeIdeaServer)', () => {
  // A feedback metric, as GEPA users write them: the text says what the right answer was.
  const metric: GepaMetric = (gold, pred) =>
    gold.answer === pred.answer
      ? 1
      : {
          score: 0,
          feedback: `Wrong: expected '${gold.answer}', which is '${gold.word}' with its letters in reverse order.`,
        };

  // The reflection model reads the feedback in DSPy's ProposeInstruction request (JSONAdapter).
  const reflect = (p: PromptContext) => {
    if (!p.outputFields.includes('new_instruction')) return undefined;
    const feedback = p.inputs.examples_with_feedback ?? '';
    return { new_instruction: /reverse order/.test(feedback) ? IDEA : 'Answer with the word, carefully.' };
  };

  it('finds the idea from metric feedback and lifts held-out accuracy to >= 90% (BootstrapFewShot stays low)', async () => {
    server = await new FakeIdeaServer({ onPrompt: reflect }).start();
    const lm = fakeLm(server);
    configure({ lm });
    const { program: fewShot } = await new BootstrapFewShot({ metric: exactAnswer }).compile(wordProgram(), {
      trainset,
    });
    expect(await accuracy(fewShot)).toBeLessThan(20);

    const gepa = new GEPA({ metric, reflectionLm: lm, maxMetricCalls: 60, progress: false });
    const { program, report } = await gepa.compile(wordProgram(), { trainset, valset });
    expect(program.signature.instructions).toBe(IDEA);
    expect(await accuracy(wordProgram())).toBe(0);
    expect(await accuracy(program)).toBeGreaterThanOrEqual(90);
    expect(report.gepa.valAggregateScores[report.gepa.bestIndex]).toBe(1);
    // The reflection request carried the metric's feedback, in DSPy's record format.
    const reflection = server.prompts.find((p) => p.outputFields.includes('new_instruction'))!;
    expect(reflection.inputs.examples_with_feedback).toContain('"Feedback": "Wrong: expected');
    expect(report.trials!.length).toBe(report.gepa.trials.length);
  });

  it("with gepa's own template the reply's fenced block becomes the instruction", async () => {
    server = await new FakeIdeaServer({ proposals: [IDEA] }).start();
    configure({ lm: fakeLm(server) });
    const gepa = new GEPA({ metric, reflectionLm: fakeLm(server), maxMetricCalls: 40, reflectionPrompt: 'gepa' });
    const { program, report } = await gepa.compile(wordProgram(), { trainset, valset });
    expect(server.stats.byKind['gepa-reflection']).toBeGreaterThan(0);
    expect(program.signature.instructions).toBe(IDEA);
    expect(report.gepa.trials.flatMap((t) => t.reflections ?? [])[0]!.extraction).toBe('fenced');
    expect(await accuracy(program)).toBeGreaterThanOrEqual(90);
  });
});

describe('SIMBA over HTTP (FakeIdeaServer)', () => {
  it('finds the idea with append_a_rule and lifts held-out accuracy to >= 90%', async () => {
    // SIMBA learns from disagreement between samples of the same example: sampled at temperature 1,
    // this fake model stumbles on the idea on every third identical request (a deterministic stand-in
    // for sampling noise); the OfferFeedback model turns the contrast into advice.
    server = await new FakeIdeaServer({
      onPrompt: (p) => {
        if (p.kind !== 'simba-feedback') return undefined;
        const word = JSON.parse(p.inputs.program_inputs!).word as string;
        const better = JSON.parse(p.inputs.better_program_outputs!).answer as string | undefined;
        const reversed = [...word].reverse().join('');
        const [name] = JSON.parse(p.inputs.module_names!) as string[];
        const advice =
          better === reversed ? { [name!]: `If the module receives a word, it should ${IDEA.toLowerCase()}` } : {};
        return { discussion: 'The better trajectory reversed the word.', module_advice: JSON.stringify(advice) };
      },
    }).start();
    const original = (server.script as unknown as { responder: (r: any) => any }).responder;
    const seen = new Map<string, number>();
    server.script.respondWith(async (request) => {
      const parsed = parseChatRequest(request.body);
      if (
        request.body?.temperature === 1 &&
        parsed.outputFields.includes('answer') &&
        !/revers/i.test(parsed.instructions)
      ) {
        const key = JSON.stringify(request.body.messages);
        const k = (seen.get(key) ?? 0) + 1;
        seen.set(key, k);
        if (k % 3 === 0)
          return {
            content: `[[ ## answer ## ]]\n${[...parsed.inputs.word!].reverse().join('')}\n\n[[ ## completed ## ]]`,
          };
      }
      return original(request);
    });
    const lm = fakeLm(server);
    configure({ lm });
    const simba = new SIMBA({
      metric: exactAnswer,
      bsize: 8,
      numCandidates: 4,
      maxSteps: 3,
      maxDemos: 2,
      progress: false,
    });
    const { program, report } = await simba.compile(wordProgram(), { trainset });
    expect(program.signature.instructions).toMatch(/reverse its letters|reverse the letters/i);
    expect(await accuracy(program)).toBeGreaterThanOrEqual(90);
    expect(server.stats.byKind['simba-feedback']).toBeGreaterThan(0);
    expect(report.simba.bestScore).toBeGreaterThanOrEqual(0.9);
  });
});

export type { Example };
