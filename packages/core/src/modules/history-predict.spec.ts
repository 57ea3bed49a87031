import { messageText } from '@dspy-ts/core/provider-kit';
import { ChainOfThought, History, JSONAdapter, Predict, withSettings } from '@dspy-ts/core';
import { DummyLM } from '@dspy-ts/testing';
import { collect, fieldTexts, streamify } from '../../test/helpers/streaming-fixtures';

// dspy.History end to end with DummyLM: the conversation reaches the LM as user/assistant turns,
// in plain calls and under streamify (field events come from the same reply).
const sig = 'history: History, question -> answer';

describe('History inputs with DummyLM', () => {
  it('a chat loop: each turn sees the earlier ones, outputs appended with withTurn', async () => {
    const lm = new DummyLM([{ answer: 'Paris' }, { answer: 'About 2.1 million.' }]);
    const chat = new Predict(sig);
    chat.lm = lm;
    let history = new History([]);
    for (const question of ['Capital of France?', 'Its population?']) {
      const p = await chat.call({ history, question });
      history = history.withTurn({ question, ...p });
    }
    expect(history.messages).toEqual([
      { question: 'Capital of France?', answer: 'Paris' },
      { question: 'Its population?', answer: 'About 2.1 million.' },
    ]);
    const second = lm.history.entries[1]!.messages;
    expect(second.map((m) => m.role)).toEqual(['system', 'user', 'assistant', 'user']);
    expect(messageText(second[2]!)).toBe('[[ ## answer ## ]]\nParis\n\n[[ ## completed ## ]]\n');
  });

  it('ChainOfThought and JSONAdapter keep the history turns in their own format', async () => {
    const lm = new DummyLM([{ reasoning: 'r', answer: '6' }], { adapter: new JSONAdapter() });
    const cot = new ChainOfThought(sig);
    const p = await withSettings({ lm, adapter: new JSONAdapter() }, () =>
      cot.call({ history: new History([{ question: '2+2?', answer: '4' }]), question: '3+3?' }),
    );
    expect(p.answer).toBe('6');
    const sent = lm.history.entries[0]!.messages;
    expect(messageText(sent[2]!)).toBe('{\n  "reasoning": null,\n  "answer": "4"\n}');
  });

  it('streams field events for a call with history, equal to the non-streaming result', async () => {
    const reply = { answer: 'Berlin is the capital of Germany.' };
    const chat = new Predict(sig);
    chat.lm = new DummyLM([reply], { streamChunkSize: 3 });
    const history = new History([{ question: 'Capital of France?', answer: 'Paris' }]);
    const events = await collect(streamify(chat)({ history, question: 'And Germany?' }));
    expect(fieldTexts(events)).toEqual({ 'self#1/answer': reply.answer });
    const last = events.at(-1)!;
    expect(last.type === 'prediction' && (last.prediction as { answer: string }).answer).toBe(reply.answer);
    const prompt = (chat.lm as DummyLM).history.entries[0]!.messages;
    expect(prompt.map((m) => m.role)).toEqual(['system', 'user', 'assistant', 'user']);
  });
});
