import { ScriptedLM } from '../testing';
import { Example } from '../primitives/example';
import { Prediction } from '../primitives/prediction';
import { clampedF1, SemanticF1, SemanticRecallPrecision } from './semantic-f1';

/** A judge LM replying with the given scores, one reply per call (ChatAdapter format). */
function judgeLm(replies: { precision: number; recall: number }[]): ScriptedLM {
  let i = 0;
  return new ScriptedLM(() => ({ reasoning: 'Comparing.', ...replies[i++]! }));
}

// Ports tests/evaluate/test_auto_evaluation.py (SemanticF1 part) with a fake judge LM.
describe('SemanticF1', () => {
  it('uses DSPy’s SemanticRecallPrecision signature', () => {
    expect(SemanticRecallPrecision.instructions).toBe(
      "Compare a system's response to the ground truth to compute its recall and precision.\n" +
        'If asked to reason, enumerate key ideas in each response, and whether they are present in the other response.',
    );
    expect(SemanticRecallPrecision.signatureString).toBe(
      'question, ground_truth, system_response -> recall, precision',
    );
  });

  it('returns Prediction({ score: f1 }) without a trace', async () => {
    const lm = judgeLm([{ precision: 0.8, recall: 0.6 }]);
    const result = await new SemanticF1({ lm }).call(
      new Example({ question: 'test', response: 'answer' }),
      new Prediction({ response: 'response' }),
    );
    expect(result).toBeInstanceOf(Prediction);
    expect(result.score).toBeCloseTo((2 * 0.8 * 0.6) / (0.8 + 0.6), 3);
    expect(JSON.stringify(lm.calls[0])).toContain('[[ ## system_response ## ]]\\nresponse');
  });

  it('returns a boolean score against the threshold with a trace', async () => {
    const lm = judgeLm([
      { precision: 1, recall: 1 },
      { precision: 0.2, recall: 0.2 },
    ]);
    const metric = new SemanticF1({ lm, threshold: 0.5 });
    const ex = new Example({ question: 'What is 1+1?', response: '2' });
    expect((await metric.call(ex, new Prediction({ response: '2' }), [])).score).toBe(true);
    expect((await metric.call(ex, new Prediction({ response: '3' }), [])).score).toBe(false);
  });

  it('results compare by score (test_semantic_f1_prediction_can_be_compared)', async () => {
    const metric = new SemanticF1({
      lm: judgeLm([
        { precision: 0.8, recall: 0.6 },
        { precision: 0.9, recall: 0.7 },
      ]),
    });
    const r1 = await metric.call(new Example({ question: 'q1', response: 'a1' }), new Prediction({ response: 'r1' }));
    const r2 = await metric.call(new Example({ question: 'q2', response: 'a2' }), new Prediction({ response: 'r2' }));
    expect(Number(r2) > Number(r1)).toBe(true);
  });

  it('decompositional mode asks for key ideas and their overlap first', () => {
    const names = new SemanticF1({ decompositional: true }).judge.predict.signature.outputFields.map((f) => f.name);
    expect(names).toEqual([
      'reasoning',
      'ground_truth_key_ideas',
      'system_response_key_ideas',
      'discussion',
      'recall',
      'precision',
    ]);
  });

  it('clamps precision and recall to [0, 1]', () => {
    expect(clampedF1(1.5, 1)).toBe(1);
    expect(clampedF1(-1, 0.5)).toBe(0);
  });
});
