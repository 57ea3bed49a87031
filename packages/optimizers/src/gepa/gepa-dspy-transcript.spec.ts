import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  BaseLM,
  type ChatMessage,
  configure,
  Example,
  type LmCapabilities,
  type LmResponse,
  Module,
  Predict,
  type Prediction,
  Program,
  resetSettings,
} from '@dspy-ts/core';
import { messageText } from '@dspy-ts/core/provider-kit';
import { GEPA } from './gepa';
import type { GepaMetric } from './reflective-dataset';

// Port of DSPy's tests/teleprompt/test_gepa.py::test_basic_workflow, replaying DSPy's recorded
// transcript (gepa_dummy_lm.json: gpt-4.1-mini answers keyed by the exact request messages, and the
// reflection reply in gepa's fenced template). The transcript is DSPy's file, not copied here: set
// DSPY_REPO to a DSPy checkout to run it (skipped otherwise).
const file = process.env.DSPY_REPO ? join(process.env.DSPY_REPO, 'tests/teleprompt/gepa_dummy_lm.json') : '';
const run = file && existsSync(file) ? it : it.skip;

/** DSPy's DictDummyLM: the recorded reply for these exact messages, or a failure. */
class DictLM extends BaseLM {
  readonly capabilities: LmCapabilities = {
    jsonSchema: false,
    jsonObject: false,
    nativeTools: false,
    streaming: false,
    images: false,
  };
  readonly prompts: string[] = [];
  constructor(private readonly byMessages: Map<string, string>) {
    super('dummy', { cache: false, retry: false });
  }
  protected async forward(messages: readonly ChatMessage[]): Promise<LmResponse> {
    const key = JSON.stringify(messages.map((m) => ({ role: m.role, content: messageText(m) })));
    this.prompts.push(messageText(messages[messages.length - 1]!));
    const text = this.byMessages.get(key) ?? this.byMessages.get('null');
    if (text === undefined) throw new Error(`Message ${key.slice(0, 200)} not found in history`);
    return {
      model: 'dummy',
      outputs: [{ text, finishReason: 'stop' }],
      usage: { promptTokens: 0, completionTokens: 0, totalTokens: 0 },
    };
  }
}

@Module()
class SimpleModule extends Program<Record<string, unknown>> {
  readonly predictor = new Predict('input -> output');
  forward(inputs: Record<string, unknown>): Promise<Prediction<any>> {
    return this.predictor.call(inputs as never) as Promise<Prediction<any>>;
  }
}

const simpleMetric: GepaMetric = (example, prediction) => ({
  score: example.output === prediction.output,
  feedback: 'Wrong answer.',
});

afterEach(() => resetSettings());

run("replays DSPy's recorded GEPA transcript (test_basic_workflow) to the same instruction", async () => {
  type Entry = { prompt: string | null; messages: { role: string; content: string }[] | null; outputs: string[] };
  const data = JSON.parse(readFileSync(file, 'utf8')) as { lm: Entry[]; reflection_lm: Entry[] };
  const table = (entries: Entry[]) => new Map(entries.map((e) => [JSON.stringify(e.messages), e.outputs[0]!]));
  const lm = new DictLM(table(data.lm));
  const reflection = new DictLM(table(data.reflection_lm));
  configure({ lm });
  const trainset = [
    new Example({ input: 'What is the color of the sky?', output: 'blue' }).withInputs('input'),
    new Example({ input: 'What does the fox say?', output: 'Ring-ding-ding-ding-dingeringeding!' }).withInputs('input'),
  ];
  const { program } = await new GEPA({
    metric: simpleMetric,
    reflectionLm: reflection,
    maxMetricCalls: 5,
    reflectionPrompt: 'gepa', // the transcript was recorded with gepa's template
    concurrency: 1,
  }).compile(new SimpleModule(), { trainset, valset: trainset });
  // Our reflection request is the recorded one, byte for byte (DSPy's DictDummyLM does not check it).
  expect(reflection.prompts).toEqual([data.reflection_lm[0]!.prompt]);
  const expected = data.reflection_lm[0]!.outputs[0]!.replace(/^```\s*\n/, '').replace(/\n```$/, '');
  expect(program.predictor.signature.instructions).toBe(expected.trim());
  expect(
    program.predictor.signature.instructions.startsWith('Given the field `input` containing a question or phrase'),
  ).toBe(true);
});
