import { Writable } from 'node:stream';
import { Example } from '../primitives/example';
import { Prediction } from '../primitives/prediction';
import { Evaluate } from './evaluate';
import { averageMetricText, shouldShowProgress } from './progress';

/** A stream that claims to be a terminal and keeps what is written. */
function fakeTty(): Writable & { isTTY: boolean; columns: number; text: () => string } {
  const chunks: string[] = [];
  const stream = new Writable({ write: (chunk, _enc, done) => (chunks.push(String(chunk)), done()) });
  return Object.assign(stream, { isTTY: true, columns: 120, text: () => chunks.join('') });
}

const devset = [
  new Example({ q: 'a', answer: 'a' }).withInputs('q'),
  new Example({ q: 'b', answer: 'a' }).withInputs('q'),
];
const program = async (inputs: Record<string, unknown>) => new Prediction({ answer: inputs.q });
const metric = (ex: Example<{ answer: string }>, pred: Prediction<{ answer: string }>) => ex.answer === pred.answer;

describe('Evaluate progress', () => {
  const savedCi = process.env.CI;
  afterEach(() => (savedCi === undefined ? delete process.env.CI : (process.env.CI = savedCi)));

  it('formats the text as DSPy', () => {
    expect(averageMetricText(1, 2)).toBe('Average Metric: 1.00 / 2 (50.0%)');
    expect(averageMetricText(2, 3)).toBe('Average Metric: 2.00 / 3 (66.7%)');
    expect(averageMetricText(0, 0)).toBe('Average Metric: 0.00 / 0 (0.0%)');
  });

  it('draws a bar on a TTY outside CI', async () => {
    delete process.env.CI;
    const stream = fakeTty();
    await new Evaluate({ devset, metric, progressStream: stream }).run(program);
    expect(stream.text()).toContain('Average Metric: 1.00 / 2 (50.0%)');
  });

  it('stays quiet in CI, on non-TTY streams and with progress: false', async () => {
    process.env.CI = 'true';
    const ci = fakeTty();
    await new Evaluate({ devset, metric, progressStream: ci }).run(program);
    expect(ci.text()).toBe('');
    delete process.env.CI;
    const off = fakeTty();
    await new Evaluate({ devset, metric, progressStream: off, progress: false }).run(program);
    expect(off.text()).toBe('');
    expect(shouldShowProgress(true, Object.assign(fakeTty(), { isTTY: false }))).toBe(false);
    expect(shouldShowProgress('auto', fakeTty(), { CI: 'false' })).toBe(true);
    expect(shouldShowProgress(true, fakeTty(), { CI: '1' })).toBe(true);
  });

  it('reports live progress to a callback', async () => {
    const seen: unknown[] = [];
    await new Evaluate({ devset, metric, progress: false, concurrency: 1, onProgress: (p) => seen.push(p) }).run(
      program,
    );
    expect(seen).toEqual([
      { done: 1, total: 2, errors: 0, sum: 1, scored: 1 },
      { done: 2, total: 2, errors: 0, sum: 1, scored: 2 },
    ]);
  });
});
