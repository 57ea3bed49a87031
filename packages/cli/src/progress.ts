import { SingleBar } from 'cli-progress';

/** How progress is shown: a live bar on a terminal, plain lines in CI/pipes, JSON lines with `--json`. */
export type ProgressMode = 'tty' | 'plain' | 'json';

export interface ProgressState {
  readonly phase: string;
  readonly done: number;
  readonly total: number;
  /** Current score (evaluate) or best score so far (compile), 0-100. */
  readonly score?: number;
  readonly lmCalls: number;
  readonly tokens?: number;
}

/**
 * Progress output. JSON lines go to stdout (machine-readable: one `{"event": ...}` per line);
 * the bar and plain lines go to stderr so stdout stays the result.
 *
 * @example
 * const progress = new Progress(pickMode({ json: false }));
 * progress.update({ phase: 'evaluate', done: 3, total: 10, score: 66.7, lmCalls: 3 });
 */
export class Progress {
  private bar?: SingleBar;
  private lastPlain = 0;
  private readonly started = Date.now();

  constructor(
    readonly mode: ProgressMode,
    private readonly err: NodeJS.WritableStream = process.stderr,
    private readonly out: NodeJS.WritableStream = process.stdout,
  ) {}

  update(state: ProgressState): void {
    if (this.mode === 'json') return this.event('progress', { ...state });
    if (this.mode === 'plain') {
      // One line per ~10% (and the last one): CI logs stay short.
      const step = Math.max(1, Math.ceil(state.total / 10));
      if (state.done !== state.total && state.done - this.lastPlain < step) return;
      this.lastPlain = state.done;
      const score = state.score === undefined ? '' : ` score ${state.score.toFixed(1)}`;
      this.err.write(
        `${state.phase} ${state.done}/${state.total}${score} lm-calls ${state.lmCalls} eta ${this.eta(state)}\n`,
      );
      return;
    }
    if (!this.bar) {
      this.bar = new SingleBar(
        {
          format: ' {phase} [{bar}] {value}/{total} | score {score} | LM calls {lmCalls} | ETA {eta_formatted}',
          stream: this.err as NodeJS.WriteStream,
          hideCursor: true,
          clearOnComplete: false,
        },
        undefined,
      );
      this.bar.start(state.total, 0, this.payload(state));
    }
    this.bar.setTotal(state.total);
    this.bar.update(state.done, this.payload(state));
  }

  /** A one-off line: `message` text on a terminal/CI, `{ event, ...data }` with --json. */
  event(event: string, data: Record<string, unknown>, message?: string): void {
    if (this.mode === 'json') this.out.write(`${JSON.stringify({ event, ...data })}\n`);
    else if (message) {
      this.stop();
      this.err.write(`${message}\n`);
    }
  }

  stop(): void {
    this.bar?.stop();
    this.bar = undefined;
  }

  private payload(state: ProgressState) {
    return {
      phase: state.phase,
      score: state.score === undefined ? '-' : state.score.toFixed(1),
      lmCalls: state.lmCalls,
    };
  }

  private eta(state: ProgressState): string {
    if (state.done === 0) return '?';
    const left = ((Date.now() - this.started) / state.done) * (state.total - state.done);
    return `${Math.round(left / 1000)}s`;
  }
}

/** `--json` wins; otherwise a bar on an interactive terminal and plain lines in CI or a pipe. */
export function pickMode(options: { json?: boolean }, stream: NodeJS.WriteStream = process.stderr): ProgressMode {
  if (options.json) return 'json';
  return stream.isTTY && !process.env.CI ? 'tty' : 'plain';
}
