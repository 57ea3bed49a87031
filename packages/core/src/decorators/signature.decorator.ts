import { DspyError } from '../errors/dspy-error';
import type { SignatureClassOptions } from '../metadata/field-options';
import { METADATA_KEYS } from '../metadata/metadata-keys';
import { getSignatureMetadataStorage } from '../metadata/metadata-storage';
import { buildClassSignature } from '../signature/class-signature';
import { rememberClassSignature } from '../signature/signature-of';

function normalize(arg: unknown): SignatureClassOptions {
  if (arg === undefined) return {};
  if (typeof arg === 'string') return { instructions: arg };
  if (arg !== null && typeof arg === 'object' && !Array.isArray(arg)) {
    const { instructions, name, ...rest } = arg as Record<string, unknown>;
    const extra = Object.keys(rest);
    if (extra.length)
      throw new DspyError(
        'SIGNATURE_INVALID',
        `@Signature() got unknown option(s) ${extra.join(', ')}. Allowed: instructions, name.`,
      );
    if (instructions !== undefined && typeof instructions !== 'string')
      throw new DspyError('SIGNATURE_INVALID', '@Signature({ instructions }) must be a string.');
    if (name !== undefined && (typeof name !== 'string' || name === ''))
      throw new DspyError('SIGNATURE_INVALID', '@Signature({ name }) must be a non-empty string.');
    return Object.freeze({ ...(instructions !== undefined && { instructions }), ...(name !== undefined && { name }) });
  }
  throw new DspyError(
    'SIGNATURE_INVALID',
    `@Signature() takes the instructions (a string) or { instructions, name }, got ${arg === null ? 'null' : typeof arg}.`,
  );
}

/**
 * Declares a signature class: its `@InputField`/`@OutputField` properties, in declaration order,
 * and its instructions (DSPy's docstring). Field types are resolved and every declaration error
 * is thrown here, when the class is defined.
 *
 * @example
 * @Signature('Answer the question.')
 * class QA {
 *   @InputField() question!: string;
 *   @OutputField() @IsInt() answer!: number;
 * }
 * getSignature(QA).instructions; // 'Answer the question.'
 */
export function Signature(instructions?: string | SignatureClassOptions): ClassDecorator {
  const options = normalize(instructions);
  return (target) => {
    getSignatureMetadataStorage().setSignatureOptions(target, options);
    Reflect.defineMetadata(METADATA_KEYS.signature, options, target);
    const spec = buildClassSignature(target as unknown as new () => object, true);
    if (spec) rememberClassSignature(target, spec);
  };
}
