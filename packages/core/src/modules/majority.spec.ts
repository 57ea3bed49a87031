import { Completions, Prediction } from '../primitives/prediction';
import { SignatureSpec } from '../signature/signature-spec';
import { normalizeText } from '../evaluate/normalize';
import { majority } from './majority';

// Ports tests/predict/test_aggregation.py (reference §4.3 item 38).
describe('majority', () => {
  it('votes over a Prediction', () => {
    const prediction = Prediction.fromCompletions([{ answer: '2' }, { answer: '2' }, { answer: '3' }]);
    expect(majority(prediction).completions.at(0).answer).toBe('2');
  });

  it('votes over Completions', () => {
    const completions = new Completions([{ answer: '2' }, { answer: '2' }, { answer: '3' }]);
    expect(majority(completions).completions.at(0).answer).toBe('2');
  });

  it('votes over a list', () => {
    expect(majority([{ answer: '2' }, { answer: '2' }, { answer: '3' }]).completions.at(0).answer).toBe('2');
  });

  it('normalizes before counting', () => {
    const result = majority([{ answer: '2' }, { answer: ' 2' }, { answer: '3' }], { normalize: normalizeText });
    expect(result.completions.at(0).answer).toBe('2');
  });

  it('votes on the chosen field', () => {
    const completions = [
      { answer: '2', other: '1' },
      { answer: '2', other: '1' },
      { answer: '3', other: '2' },
    ];
    expect(majority(completions, { field: 'other' }).completions.at(0).other).toBe('1');
  });

  it('returns the first completion on a tie', () => {
    expect(majority([{ answer: '2' }, { answer: '3' }, { answer: '4' }]).completions.at(0).answer).toBe('2');
  });

  it('ignores values that normalize to nothing, and uses the signature’s last output', () => {
    const sig = new SignatureSpec({
      name: 'QA',
      fields: ['question', 'answer', 'note'].map(
        (name, i) =>
          ({
            name,
            role: i === 0 ? 'input' : 'output',
            type: { kind: 'string' },
            desc: '',
            prefix: `${name}:`,
            optional: false,
            hasDefault: false,
          }) as const,
      ),
    });
    const p = Prediction.fromCompletions(
      [
        { answer: 'x', note: 'the' },
        { answer: 'y', note: 'B' },
        { answer: 'z', note: 'b.' },
        { answer: 'w', note: 'an' },
      ],
      sig,
    );
    const voted = majority(p);
    expect(voted.answer).toBe('y');
    expect(voted.completions.signature).toBe(sig);
    expect(majority([{ a: 'the' }, { a: 'an' }]).a).toBe('the');
  });

  it('counts raw values with normalize: null, numbers included', () => {
    expect(majority([{ n: 1 }, { n: 2 }, { n: 2 }], { normalize: null }).n).toBe(2);
    expect(majority([{ a: 'X' }, { a: 'x' }, { a: 'y' }], { normalize: null }).a).toBe('X');
    expect(() => majority([])).toThrow('at least one completion');
  });
});
