import type { FieldOptions } from '../metadata/field-options';
import { createFieldDecorator } from './register-field';

/**
 * Marks a property of a `@Signature` class as an output field (what the LM produces).
 * class-validator decorators on the same property narrow its type and validate the reply.
 *
 * @example
 * @Signature('Classify the sentiment of a product review.')
 * class Sentiment {
 *   @InputField() review!: string;
 *   @OutputField() @IsIn(['positive', 'negative', 'neutral']) label!: 'positive' | 'negative' | 'neutral';
 *   @OutputField({ desc: 'between 0 and 1' }) @Min(0) @Max(1) confidence!: number;
 * }
 */
export function OutputField(options?: FieldOptions): PropertyDecorator {
  return createFieldDecorator('output', options);
}
