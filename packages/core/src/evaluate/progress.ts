import type { SingleBar } from 'cli-progress';
import { cliProgress } from '../utils/lazy-deps';
import { pyRound } from '../utils/py-round';

/** Live score while evaluating. */
export interface EvaluateProgress {
  readonly done: number;
  readonly total: number;
  readonly errors: number;
  /** Sum and count of the scores of rows that succeeded (failed rows are not shown, as DSPy). */
  readonly sum: number;
  readonly scored: number;
}

/** `"auto"` (default): a bar when the stream is a TTY and `CI` is not set. `true`: whenever it is a TTY. */
export type ProgressSetting = boolean | 'auto';

function inCi(env: NodeJS.ProcessEnv): boolean {
  const ci = env.CI;
  return ci !== undefined && ci !== '' && ci !== '0' && ci.toLowerCase() !== 'false';
}

/**
 * Whether to draw a bar; never on a non-TTY stream (logs and pipes stay clean).
 *
 * @example
 * shouldShowProgress('auto', process.stderr); // false when stderr is piped or CI is set
 */
export function shouldShowProgress(
  setting: ProgressSetting | undefined,
  stream: NodeJS.WritableStream,
  env = process.env,
): boolean {
  if (setting === false || (stream as { isTTY?: boolean }).isTTY !== true) return false;
  return setting === true || !inCi(env);
}

/** DSPy's description text: `Average Metric: 1.00 / 2 (50.0%)`. */
export function averageMetricText(sum: number, scored: number): string {
  const pct = scored ? pyRound((100 * sum) / scored, 1) : 0;
  return `Average Metric: ${sum.toFixed(2)} / ${scored} (${Number.isInteger(pct) ? pct.toFixed(1) : pct}%)`;
}

/**
 * The cli-progress bar Evaluate draws; a no-op when not shown.
 *
 * @example
 * const bar = new EvaluationProgressBar(devset.length, shouldShowProgress('auto', process.stderr), process.stderr);
 * bar.update({ done: 1, total: devset.length, errors: 0, sum: 1, scored: 1 });
 * bar.stop();
 */
export class ProgressBar {
  private readonly bar?: SingleBar;

  constructor(total: number, show: boolean, stream: NodeJS.WritableStream) {
    if (!show) return;
    const { Presets, SingleBar } = cliProgress();
    this.bar = new SingleBar(
      {
        format: '{text} |{bar}| {value}/{total} [{duration_formatted}<{eta_formatted}]',
        stream,
        hideCursor: false,
        clearOnComplete: false,
      },
      Presets.shades_classic,
    );
    this.bar.start(total, 0, { text: averageMetricText(0, 0) });
  }

  update(p: EvaluateProgress): void {
    this.bar?.update(p.done, { text: averageMetricText(p.sum, p.scored) });
  }

  stop(): void {
    this.bar?.stop();
  }
}
