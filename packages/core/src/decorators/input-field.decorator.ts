import type { FieldOptions } from '../metadata/field-options';
import { createFieldDecorator } from './register-field';

/**
 * Marks a property of a `@Signature` class as an input field. Declaration order is field order.
 * Give `type` where `design:type` cannot tell (arrays, enums, unions, nested classes declared later).
 *
 * @example
 * @Signature('Answer questions with short factoid answers.')
 * class QA {
 *   @InputField({ desc: 'may contain relevant facts', type: () => [String] }) context!: string[];
 *   @InputField() question!: string;
 *   @OutputField({ desc: 'often between 1 and 5 words' }) answer!: string;
 * }
 */
export function InputField(options?: FieldOptions): PropertyDecorator {
  return createFieldDecorator('input', options);
}
