/**
 * What dspy-ts puts on its OpenTelemetry spans beyond names, models, token counts and cost.
 *
 * @example
 * configure({ tracing: { recordContent: true } }); // prompts and completions on LM spans
 */
export interface TracingOptions {
  /**
   * Record prompt and completion text (`gen_ai.input.messages` / `gen_ai.output.messages`) and
   * module inputs/outputs. Off by default: they may hold personal data.
   */
  readonly recordContent?: boolean;
  /** Longest text kept per attribute when `recordContent` is on (default 8,000 characters). */
  readonly maxContentLength?: number;
}
