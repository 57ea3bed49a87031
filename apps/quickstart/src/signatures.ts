import { IsIn, Max, Min } from 'class-validator';
import { InputField, OutputField, Signature } from '@dspy-ts/core';

/** The README's class signature: typed by TypeScript, constrained by class-validator. */
@Signature('Classify the sentiment of a product review.')
export class Sentiment {
  @InputField({ desc: 'a product review' }) review!: string;
  @OutputField() @IsIn(['positive', 'negative', 'neutral']) label!: 'positive' | 'negative' | 'neutral';
  @OutputField({ desc: 'between 0 and 1' }) @Min(0) @Max(1) confidence!: number;
}
