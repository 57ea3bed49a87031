import { Example } from '../primitives/example';
import { Prediction } from '../primitives/prediction';
import { dprNormalize } from './dpr';
import { answerExactMatch, answerPassageMatch, tokenF1 } from './answer-metrics';
import { exactMatch, f1Score, hotpotF1, precisionScore } from './metrics';
import { normalizeText } from './normalize';

// Produced by running DSPy's own dspy/evaluate/metrics.py and dspy/dsp/utils/dpr.py
// (Python 3.11, `regex`) on these inputs, so these tests pin parity with DSPy.
const vectors: Record<'normalize' | 'dpr' | 'scores' | 'passage', unknown[][]> = {
  normalize: [
    ['The,  Eiffel  Tower!', 'eiffel tower'],
    ['caf\u00e9 a th\u00e9', 'cafe\u0301 \u0301'],
    ['An apple a day', 'apple day'],
    ['the\u00a0cat\u001csat\ufeffon', 'cat sat\ufeffon'],
    ['\u0130stanbul The \u00dcn\u00efcode', 'i\u0307stanbul u\u0308ni\u0308code'],
    ['a_the an-the', 'athe anthe'],
    ['THE answer_is (42).', 'answeris 42'],
    ['\u00c9COLE a\u0301 b', 'e\u0301cole \u0301 b'],
    ['\ttabs\nand\r\nnewlines  ', 'tabs and newlines'],
    ['', ''],
    ['a an the', ''],
    ['x\u2028y\u0085z', 'x y z'],
    ['\ufb01ne \u00bd \u216b', '\ufb01ne \u00bd \u217b'],
    ['na\u00efve r\u00e9sum\u00e9 the', 'nai\u0308ve re\u0301sume\u0301'],
    ['\u00fcber', 'u\u0308ber'],
    ['\u01c4 d\u017e', '\u01c6 dz\u030c'],
  ],
  dpr: [
    ['The,  Eiffel  Tower!', ['the', ',', 'eiffel', 'tower', '!']],
    ['caf\u00e9 a th\u00e9', ['cafe\u0301', 'a', 'the\u0301']],
    ['An apple a day', ['an', 'apple', 'a', 'day']],
    ['the\u00a0cat\u001csat\ufeffon', ['the', 'cat', 'sat', 'on']],
    ['\u0130stanbul The \u00dcn\u00efcode', ['i\u0307stanbul', 'the', 'u\u0308ni\u0308code']],
    ['a_the an-the', ['a', '_', 'the', 'an', '-', 'the']],
    ['THE answer_is (42).', ['the', 'answer', '_', 'is', '(', '42', ')', '.']],
    ['\u00c9COLE a\u0301 b', ['e\u0301cole', 'a\u0301', 'b']],
    ['\ttabs\nand\r\nnewlines  ', ['tabs', 'and', 'newlines']],
    ['', []],
    ['a an the', ['a', 'an', 'the']],
    ['x\u2028y\u0085z', ['x', 'y', 'z']],
    ['\ufb01ne \u00bd \u216b', ['\ufb01ne', '\u00bd', '\u217b']],
    ['na\u00efve r\u00e9sum\u00e9 the', ['nai\u0308ve', 're\u0301sume\u0301', 'the']],
    ['\u00fcber', ['u\u0308ber']],
    ['\u01c4 d\u017e', ['\u01c6', 'dz\u030c']],
    ["Eiffel-Tower's", ['eiffel', '-', 'tower', "'", 's']],
    ['3.14 is \u03c0!', ['3', '.', '14', 'is', '\u03c0', '!']],
    ['\u65e5\u672c\u8a9e\u30c6\u30ad\u30b9\u30c8', ['\u65e5\u672c\u8a9e\u30c6\u30ad\u30b9\u30c8']],
  ],
  scores: [
    ['Eiffel Tower is in Paris', ['Paris'], false, 0.33333333333333337, 0.33333333333333337, 0.2],
    ['the Eiffel Tower', ['Eiffel Tower'], true, 1.0, 1.0, 1.0],
    ['yes', ['no'], false, 0, 0, 0],
    ['yes', ['yes'], true, 1.0, 1.0, 1.0],
    ['no answer', ['noanswer'], false, 0, 0, 0],
    ['a b b c', ['b b d', 'c'], false, 0.6666666666666666, 0.6666666666666666, 0.6666666666666666],
    ['', [''], true, 0, 0, 0],
    ['eiffel tower in paris', ['eiffel tower'], false, 0.6666666666666666, 0.6666666666666666, 0.5],
    ['The cat the cat', ['cat cat cat'], false, 0.8, 0.8, 1.0],
  ],
  passage: [
    [['The Eiffel Tower is in Paris.'], ['Eiffel Tower'], true],
    [['The Eiffel-Tower, Paris'], ['eiffel tower'], false],
    [['Paris is nice'], ['Eiffel'], false],
    [['It costs $5.00 today'], ['5.00'], true],
    [['the answer is 42!'], ['42', 'x'], true],
  ],
};

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
    expect(() => answerExactMatch(new Example({ answer: 2 }), new Prediction({ answer: '2' }))).toThrow(
      'invalid answer type number',
    );
  });
});

describe('answerPassageMatch', () => {
  it.each(vectors.passage)('passages %j contain %j', (passages, answers, expected) => {
    expect(answerPassageMatch(new Example({ answer: answers }), new Prediction({ context: passages }))).toBe(expected);
  });
});

describe('tokenF1', () => {
  it('scores the answer field, or another field', () => {
    expect(
      tokenF1(new Example({ answer: 'Paris' }), new Prediction({ answer: 'Eiffel Tower is in Paris' })),
    ).toBeCloseTo(1 / 3);
    expect(tokenF1(new Example({ summary: 'x y' }), { summary: 'y z' }, undefined, { field: 'summary' })).toBeCloseTo(
      0.5,
    );
  });
});
