import { context, trace } from '@opentelemetry/api';
import { AsyncLocalStorageContextManager } from '@opentelemetry/context-async-hooks';
import {
  BasicTracerProvider,
  InMemorySpanExporter,
  type ReadableSpan,
  SimpleSpanProcessor,
} from '@opentelemetry/sdk-trace-base';
import { configure, Predict, Program, resetSettings, setModelPrices } from '../../src';
import { tracingEnabled } from '../../src/provider-kit';
import { ScriptedLM } from '../../src/testing';

class TwoStep extends Program<{ question: string }> {
  readonly draft = new Predict('question -> draft');
  readonly answer = new Predict('question, draft -> answer');
  async forward({ question }: { question: string }) {
    const { draft } = await this.draft.call({ question });
    return this.answer.call({ question, draft: draft as string });
  }
}

// Replies after a random delay so two concurrent runs interleave their LM calls.
const slowLm = () =>
  new ScriptedLM(
    async (last) => {
      await new Promise((r) => setTimeout(r, 5 + Math.random() * 20));
      return last.includes('[[ ## draft ## ]]\nD') ? { answer: `A(${last.match(/#(\d)/)?.[1]})` } : { draft: 'D' };
    },
    { model: 'gpt-4o-mini' },
  );

const exporter = new InMemorySpanExporter();
const contextManager = new AsyncLocalStorageContextManager();

beforeAll(() => {
  expect(tracingEnabled()).toBe(false);
  context.setGlobalContextManager(contextManager.enable());
  trace.setGlobalTracerProvider(new BasicTracerProvider({ spanProcessors: [new SimpleSpanProcessor(exporter)] }));
});
afterAll(() => {
  trace.disable();
  context.disable();
});
afterEach(() => {
  exporter.reset();
  resetSettings();
});

const children = (spans: readonly ReadableSpan[], parent: ReadableSpan) =>
  spans
    .filter((s) => s.parentSpanContext?.spanId === parent.spanContext().spanId)
    .sort((a, b) => (a.startTime[0] - b.startTime[0]) * 1e9 + (a.startTime[1] - b.startTime[1]));

describe('OpenTelemetry spans', () => {
  it('nest program → predictors → format/LM/parse for two programs run concurrently', async () => {
    expect(tracingEnabled()).toBe(true);
    configure({ lm: slowLm() });
    const program = new TwoStep();
    const [a, b] = await Promise.all([program.call({ question: 'q #1' }), program.call({ question: 'q #2' })]);
    expect([a.answer, b.answer]).toEqual(['A(1)', 'A(2)']);

    const spans = exporter.getFinishedSpans();
    const roots = spans.filter((s) => s.name === 'dspy.module TwoStep');
    expect(roots).toHaveLength(2);
    expect(roots.every((r) => r.parentSpanContext === undefined)).toBe(true);
    expect(new Set(roots.map((r) => r.spanContext().traceId)).size).toBe(2);
    for (const root of roots) {
      const predictors = children(spans, root);
      expect(predictors.map((p) => p.name)).toEqual([
        'dspy.predict Predict(StringSignature)',
        'dspy.predict Predict(StringSignature)',
      ]);
      for (const p of predictors) {
        expect(p.spanContext().traceId).toBe(root.spanContext().traceId);
        expect(children(spans, p).map((c) => c.name)).toEqual([
          'dspy.adapter.format ChatAdapter',
          'chat gpt-4o-mini',
          'dspy.adapter.parse ChatAdapter',
        ]);
      }
    }
    expect(spans).toHaveLength(2 * (1 + 2 * 4));
  });

  it('puts GenAI semantic-convention attributes and cost on LM spans, and no text unless asked', async () => {
    setModelPrices({ 'gpt-4o-mini': { inputPerMillion: 1_000_000, outputPerMillion: 2_000_000 } });
    configure({ lm: slowLm() });
    await new Predict('question -> draft', { temperature: 0.3, maxTokens: 50 }).call({ question: 'secret question' });
    const llm = exporter.getFinishedSpans().find((s) => s.name.startsWith('chat '))!;
    expect(llm.attributes).toMatchObject({
      'gen_ai.operation.name': 'chat',
      'gen_ai.request.model': 'gpt-4o-mini',
      'gen_ai.request.temperature': 0.3,
      'gen_ai.request.max_tokens': 50,
      'gen_ai.response.model': 'gpt-4o-mini',
      'gen_ai.usage.input_tokens': 10,
      'gen_ai.usage.output_tokens': 5,
      'gen_ai.response.finish_reasons': ['stop'],
      'dspy.cost.usd': 20,
    });
    setModelPrices({ 'gpt-4o-mini': { inputPerMillion: 0.15, outputPerMillion: 0.6 } });
    expect(JSON.stringify(exporter.getFinishedSpans().map((s) => s.attributes))).not.toContain('secret question');
  });

  it('records prompts and completions when recordContent is on', async () => {
    configure({ lm: slowLm(), tracing: { recordContent: true } });
    await new Predict('question -> draft').call({ question: 'visible question' });
    const llm = exporter.getFinishedSpans().find((s) => s.name.startsWith('chat '))!;
    expect(String(llm.attributes['gen_ai.input.messages'])).toContain('visible question');
    expect(String(llm.attributes['gen_ai.output.messages'])).toContain('[[ ## draft ## ]]');
  });

  it('marks failed calls with an error status and type, under an outer span the caller made active', async () => {
    configure({ lm: new ScriptedLM(() => 'no fields here at all') });
    const tracer = trace.getTracer('test');
    await tracer.startActiveSpan('http.request', async (outer) => {
      await expect(new Predict('question -> answer').call({ question: 'q' })).rejects.toThrow();
      outer.end();
    });
    const spans = exporter.getFinishedSpans();
    const outer = spans.find((s) => s.name === 'http.request')!;
    const predict = spans.find((s) => s.name.startsWith('dspy.predict'))!;
    expect(predict.parentSpanContext?.spanId).toBe(outer.spanContext().spanId);
    expect(predict.status.code).toBe(2); // SpanStatusCode.ERROR
    expect(predict.attributes['error.type']).toBe('ADAPTER_PARSE');
  });
});
