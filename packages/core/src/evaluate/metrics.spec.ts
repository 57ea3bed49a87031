import { Example } from '../primitives/example';
import { Prediction } from '../primitives/prediction';
import { dprNormalize } from './dpr';
import * as vectors from './metric-vectors';
import { answerExactMatch, answerPassageMatch, tokenF1 } from './answer-metrics';
import { exactMatch, f1Score, hotpotF1, precisionScore } from './metrics';
import { normalizeText } from './normalize';

// metric-vectors.ts was produced by running DSPy's own dspy/evaluate/metrics.py and
// dspy/dsp/utils/dpr.py (Python 3.11, `regex`) on these inputs, so these tests pin parity.
describe('normalizeText (DSPy normalize_text)', () => {
  it.each(vectors.normalize)('normalizes %j', (input, expected) => {
    expect(normalizeText(input as string)).toBe(expected);
  });
});

describe('dprNormalize (DSPy DPR_normalize)', () => {
  it.each(vectors.dpr)('tokenizes %j', (input, expected) => {
    expect(dprNormalize(input as string)).toEqual(expected);
  });
});

describe('EM / F1 / HotPotF1 / precision', () => {
  it.each(vectors.scores)('scores %j against %j', (pred, answers, em, f1, hotpot, precision) => {
    const gold = answers as string[];
    expect(exactMatch(pred as string, gold)).toBe(em);
    expect(f1Score(pred as string, gold)).toBeCloseTo(f1 as number, 12);
    expect(hotpotF1(pred as string, gold)).toBeCloseTo(hotpot as number, 12);
    expect(precisionScore(pred as string, gold)).toBeCloseTo(precision as number, 12);
  });

  it('accepts one answer string and rejects an empty list', () => {
    expect(exactMatch('paris', 'Paris')).toBe(true);
    expect(exactMatch('paris', 'Paris, France')).toBe(false);
    expect(() => f1Score('x', [])).toThrow('non-empty list');
  });
});

describe('answerExactMatch (tests/evaluate/test_metrics.py, item 52)', () => {
  const qa = (answer: string | string[]) => new Example({ question: 'What is 1+1?', answer }).withInputs('question');

  it('matches a string answer', () => {
    expect(answerExactMatch(qa('2'), new Prediction({ answer: '2' }))).toBe(true);
  });

  it('matches any answer of a list', () => {
    expect(answerExactMatch(qa(['2', 'two']), new Prediction({ answer: '2' }))).toBe(true);
  });

  it('rejects a mismatch', () => {
    expect(answerExactMatch(qa('2'), new Prediction({ answer: '3' }))).toBe(false);
  });

  it('with frac < 1 accepts a token F1 at or above frac', () => {
    const ex = new Example({ answer: ['Eiffel Tower', 'Louvre'] });
    const pred = new Prediction({ answer: 'The Eiffel Tower in Paris' });
    expect(answerExactMatch(ex, pred, undefined, { frac: 1 })).toBe(false);
    expect(answerExactMatch(ex, pred, undefined, { frac: 0.5 })).toBe(true);
    expect(answerExactMatch(ex, pred, undefined, { frac: 0.9 })).toBe(false);
  });

  it('fails loudly on a missing prediction field or a bad answer type', () => {
    expect(() => answerExactMatch(qa('2'), new Prediction({ response: '2' }))).toThrow('needs a `answer` field');
    expect(() => answerExactMatch(new Example({ answer: 2 }), new Prediction({ answer: '2' }))).toThrow('invalid answer type number');
  });
});

describe('answerPassageMatch', () => {
  it.each(vectors.passage)('passages %j contain %j', (passages, answers, expected) => {
    expect(answerPassageMatch(new Example({ answer: answers }), new Prediction({ context: passages }))).toBe(expected);
  });
});

describe('tokenF1', () => {
  it('scores the answer field, or another field', () => {
    expect(tokenF1(new Example({ answer: 'Paris' }), new Prediction({ answer: 'Eiffel Tower is in Paris' }))).toBeCloseTo(1 / 3);
    expect(tokenF1(new Example({ summary: 'x y' }), { summary: 'y z' }, undefined, { field: 'summary' })).toBeCloseTo(0.5);
  });
});
