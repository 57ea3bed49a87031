import { DspyError } from '../errors/dspy-error';
import { Example } from './example';
import { Completions, PREDICTION_RESERVED_KEYS, Prediction } from './prediction';

describe('Prediction', () => {
  it('is an Example without input keys, with typed fields', () => {
    const p = new Prediction({ answer: 'Paris' });
    expect(p.answer).toBe('Paris');
    expect(p).toBeInstanceOf(Prediction);
    expect(p).toBeInstanceOf(Example);
    expect(p.inputKeys).toBeUndefined();
    expect(p.copy({ answer: 'Lyon' })).toBeInstanceOf(Prediction);
  });

  it('fromCompletions keeps the first completion as data and all of them as completions', () => {
    const p = Prediction.fromCompletions([
      { answer: '2', n: 1 },
      { answer: '3', n: 2 },
    ]);
    expect(p.toDict()).toEqual({ answer: '2', n: 1 });
    expect(p.completions.length).toBe(2);
    expect(p.completions.get('answer')).toEqual(['2', '3']);
    expect(p.completions.field('n')).toEqual([1, 2]);
    expect(p.completions.at(1).answer).toBe('3');
    expect(p.completions.at(-1).n).toBe(2);
    expect([...p.completions].map((c) => c.answer)).toEqual(['2', '3']);
    expect(() => p.completions.at(2)).toThrow(DspyError);
    expect(() => p.completions.get('nope' as 'answer')).toThrow('The completions have no field `nope`');
  });

  it('accepts completions as columns and checks their lengths', () => {
    const p = Prediction.fromCompletions({ answer: ['a', 'b'] });
    expect(p.answer).toBe('a');
    expect(() => new Completions({ a: [1], b: [1, 2] })).toThrow('same length');
    expect(Prediction.fromCompletions<Record<string, unknown>>([]).toDict()).toEqual({});
  });

  it('a directly built prediction has one completion: itself', () => {
    const p = new Prediction({ answer: 'x' });
    expect(p.completions.length).toBe(1);
    expect(p.completions.get('answer')).toEqual(['x']);
  });

  it('carries usage set by the program run', () => {
    const p = new Prediction({ answer: 'x' });
    expect(p.usage).toBeUndefined();
    p.setUsage({ 'ollama/llama3.2': { promptTokens: 3, completionTokens: 2, totalTokens: 5 } });
    expect(p.usage?.['ollama/llama3.2']?.totalTokens).toBe(5);
  });

  it('acts as its score in numeric contexts (DSPy __float__, __add__, __lt__)', () => {
    const a = new Prediction({ score: 0.8 });
    const b = new Prediction({ score: 0.6 });
    expect(Number(a)).toBe(0.8);
    expect(a.valueOf() + 1).toBeCloseTo(1.8);
    expect(Number(a) > Number(b)).toBe(true);
    expect([a, b].reduce((s, p) => s + Number(p), 0)).toBeCloseTo(1.4);
    expect(Number(new Prediction({ score: true }))).toBe(1);
    expect(() => Number(new Prediction({ answer: 'x' }))).toThrow("does not have a 'score' field");
    expect(() => Number(new Prediction({ score: 'high' }))).toThrow('not a number');
    expect(`${new Prediction({ answer: 'x' })}`).toContain("answer='x'");
  });

  it('prints like DSPy, noting omitted completions', () => {
    expect(new Prediction({ answer: 'Paris', n: 1 }).toString()).toBe("Prediction(\n    answer='Paris',\n    n=1\n)");
    const p = Prediction.fromCompletions([{ answer: '2' }, { answer: '3' }, { answer: '4' }]);
    expect(p.toString()).toBe(
      "Prediction(\n    answer='2',\n    completions=Completions(...)\n) (2 completions omitted)",
    );
    expect(p.completions.toString()).toBe("Completions(\n    answer=['2', '3', '4']\n)");
  });

  it('keeps an output named like a member reachable with get()', () => {
    const p = Prediction.fromCompletions([{ usage: 'u', answer: 'a' }]);
    expect(p.usage).toBeUndefined();
    expect(p.get('usage')).toBe('u');
  });

  it('lists every public member in PREDICTION_RESERVED_KEYS', () => {
    const proto = Object.getPrototypeOf(new Prediction({}));
    const members = [...Object.getOwnPropertyNames(proto), ...Object.getOwnPropertyNames(Object.getPrototypeOf(proto))];
    expect([...new Set(PREDICTION_RESERVED_KEYS)].sort()).toEqual([...new Set([...members, 'then'])].sort());
  });
});
