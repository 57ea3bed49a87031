import { LmError } from '../errors/dspy-error';
import { LmCache } from '../lm/cache/lm-cache';
import { Predict } from '../modules/predict';
import { fieldOf, lmOutput, ScriptedLM } from '.';

const ask = (lm: ScriptedLM, question = 'Capital of France?') =>
  new Predict('question -> answer').call({ question }, { lm });

describe('ScriptedLM', () => {
  it('answers a fixed record in ChatAdapter format and records each call', async () => {
    const lm = new ScriptedLM({ answer: 'Paris' });
    expect((await ask(lm)).answer).toBe('Paris');
    expect(lm.calls).toHaveLength(1);
    expect(lm.calls[0]!.messages.map((m) => m.role)).toEqual(['system', 'user']);
    expect(lm.forwards).toBe(1);
    expect(lm.usage.total().totalTokens).toBe(15);
  });

  it('plays a list in order, the last reply repeating; an Error is thrown', async () => {
    const lm = new ScriptedLM(['[[ ## answer ## ]]\none', { answer: 'two' }]);
    expect((await ask(lm)).answer).toBe('one');
    expect((await ask(lm)).answer).toBe('two');
    expect((await ask(lm)).answer).toBe('two');
    const failing = new ScriptedLM([new LmError('LM_SERVER', 'down')]);
    await expect(ask(failing)).rejects.toMatchObject({ code: 'LM_SERVER' });
  });

  it('computes replies from the last message, writes non-strings as JSON, passes raw outputs through', async () => {
    const echo = new ScriptedLM((last) => ({ answer: fieldOf(last, 'question').toUpperCase() }));
    expect((await ask(echo, 'abc')).answer).toBe('ABC');
    const json = new ScriptedLM({ answer: [1, 2] });
    expect((await json.call([{ role: 'user', content: 'x' }])).outputs[0]!.text).toBe(
      '[[ ## answer ## ]]\n[1,2]\n\n[[ ## completed ## ]]',
    );
    const tool = { id: 'c1', name: 'search', args: { q: 'x' } };
    const raw = new ScriptedLM([lmOutput({ text: '', toolCalls: [tool] })]);
    expect((await raw.call([{ role: 'user', content: 'x' }])).outputs[0]).toEqual({ text: '', toolCalls: [tool] });
  });

  it('takes BaseLM options (a cache: hits are recorded calls but not forwards) and its own model/capabilities', async () => {
    const lm = new ScriptedLM(
      { answer: 'Paris' },
      { cache: new LmCache({ disk: false }), model: 'm', capabilities: { jsonSchema: true } },
    );
    await ask(lm);
    await ask(lm);
    expect([lm.calls.length, lm.forwards]).toEqual([2, 1]);
    expect(lm.model).toBe('m');
    expect(lm.capabilities).toMatchObject({ jsonSchema: true, nativeTools: false });
  });
});
