/**
 * Optimizer events and progress.
 *
 * API:
 *   options `onTrial(trial)` and `onEvent(event)` on every optimizer (see `RunHooks`);
 *   `optimizerEvents()` → `{ onEvent, [Symbol.asyncIterator] }` for `for await` consumers
 *   (NestJS SSE, CLIs); `TrialProgress` draws "trial k/N · best S" on a TTY, nothing otherwise.
 */
import { Presets, SingleBar } from 'cli-progress';
import type { TrialReport } from './trial-report';

export type OptimizerEvent =
  | { readonly type: 'start'; readonly optimizer: string; readonly totalTrials?: number }
  | { readonly type: 'phase'; readonly optimizer: string; readonly phase: string; readonly detail?: string }
  | {
      readonly type: 'trial';
      readonly optimizer: string;
      readonly trial: TrialReport;
      /** Trials finished so far (resumed ones included). */
      readonly completed: number;
      readonly totalTrials?: number;
    }
  | {
      readonly type: 'end';
      readonly optimizer: string;
      readonly bestScore?: number;
      readonly trials: number;
      readonly durationMs: number;
    }
  | { readonly type: 'error'; readonly optimizer: string; readonly error: unknown };

/** `'auto'` (default): a bar when stderr is a TTY and `CI` is unset. */
export type ProgressOption = boolean | 'auto';

/** Display and event options every optimizer takes. */
export interface RunHooks {
  /** Progress bar (trial k/N, best score). Default `'auto'`: on a TTY outside CI; never in pipes or logs. */
  readonly progress?: ProgressOption;
  /** Where the bar is drawn. Default `process.stderr`. */
  readonly progressStream?: NodeJS.WritableStream;
  /** Called after each trial is scored (and checkpointed), resumed trials included. */
  readonly onTrial?: (trial: TrialReport) => void;
  /** Every event: start, phases, trials, end. */
  readonly onEvent?: (event: OptimizerEvent) => void;
}

/**
 * An event sink you can iterate: pass `events.onEvent` to an optimizer, then `for await` the
 * events; iteration ends after the `end` (or `error`) event.
 *
 * @example
 * const events = optimizerEvents();
 * const run = new COPRO({ metric, onEvent: events.onEvent }).compile(program, { trainset });
 * for await (const e of events) if (e.type === 'trial') console.log(e.completed, e.trial.fullScore);
 * const { program: best } = await run;
 */
export function optimizerEvents(): {
  onEvent: (event: OptimizerEvent) => void;
  [Symbol.asyncIterator](): AsyncIterator<OptimizerEvent>;
} {
  const queue: OptimizerEvent[] = [];
  let wake: (() => void) | undefined;
  let closed = false;
  return {
    onEvent(event) {
      if (closed) return;
      queue.push(event);
      if (event.type === 'end' || event.type === 'error') closed = true;
      wake?.();
    },
    async *[Symbol.asyncIterator]() {
      for (;;) {
        while (queue.length) {
          const event = queue.shift()!;
          yield event;
          if (event.type === 'end' || event.type === 'error') return;
        }
        await new Promise<void>((resolve) => (wake = resolve));
        wake = undefined;
      }
    },
  };
}

function inCi(env: NodeJS.ProcessEnv): boolean {
  const ci = env.CI;
  return ci !== undefined && ci !== '' && ci !== '0' && ci.toLowerCase() !== 'false';
}

/**
 * Whether to draw: never on a non-TTY stream; `'auto'` also not in CI.
 *
 * @example
 * showProgress('auto', process.stderr); // false when stderr is piped or CI is set
 */
export function showProgress(setting: ProgressOption | undefined, stream: NodeJS.WritableStream): boolean {
  if (setting === false || (stream as { isTTY?: boolean }).isTTY !== true) return false;
  return setting === true || !inCi(process.env);
}

/** "trial k/N · best S" bar; a no-op when not shown. */
export class TrialProgress {
  private bar?: SingleBar;
  private total: number;

  constructor(
    private readonly optimizer: string,
    total: number | undefined,
    hooks: RunHooks,
  ) {
    this.total = total ?? 0;
    const stream = hooks.progressStream ?? process.stderr;
    if (!showProgress(hooks.progress ?? 'auto', stream)) return;
    this.bar = new SingleBar(
      {
        format: '{name} |{bar}| trial {value}/{total} · best {best} [{duration_formatted}]',
        stream,
        hideCursor: false,
        clearOnComplete: false,
      },
      Presets.shades_classic,
    );
    this.bar.start(this.total, 0, { name: optimizer, best: '-' });
  }

  setTotal(total: number): void {
    this.total = total;
    this.bar?.setTotal(total);
  }

  update(completed: number, best: number | undefined): void {
    if (completed > this.total) this.setTotal(completed);
    this.bar?.update(completed, { name: this.optimizer, best: best === undefined ? '-' : best.toFixed(2) });
  }

  stop(): void {
    this.bar?.stop();
  }
}
