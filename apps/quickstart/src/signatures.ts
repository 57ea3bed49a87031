import { InputField, OutputField, Signature } from '@dspy-ts/core';

/**
 * The task the demo compiles: a class signature, typed by TypeScript. Zero-shot, a 135M model
 * mostly copies the `{iso_date}` placeholder or misplaces digits; with a few good demos it gets the format.
 */
@Signature('Rewrite the date in ISO 8601 format (YYYY-MM-DD).')
export class IsoDate {
  @InputField() date!: string;
  @OutputField() iso_date!: string;
}
