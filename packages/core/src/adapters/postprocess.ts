import { AdapterParseError } from '../errors/dspy-error';
import type { LmOutput } from '../lm/language-model';
import type { SignatureSpec } from '../signature/signature-spec';
import type { ParsedOutputs } from './adapter';
import type { BaseAdapter } from './base-adapter';
import { validateParsed } from './validation-seam';
import { applyOutputDefaults } from './value-parse';

/**
 * DSPy's `_call_postprocess` for one completion: parse its text, fill defaults, make sure every
 * output key exists, then validate. Empty text is an error unless the model returned native
 * tool calls (their outputs are then left to defaults; callers read the calls from `raw`).
 *
 * @example
 * postprocessOutput(new ChatAdapter(), spec, { text: '[[ ## answer ## ]]\nParis' }); // { answer: 'Paris' }
 */
export function postprocessOutput(
  adapter: BaseAdapter,
  signature: SignatureSpec<any, any>,
  output: LmOutput,
): ParsedOutputs {
  if (!output.text && output.toolCalls?.length) {
    // Native tool calls carry the answer; like DSPy, the text outputs are left unset, unvalidated.
    const value = applyOutputDefaults(signature, {});
    for (const f of signature.outputFields) if (!(f.name in value)) value[f.name] = null;
    return value;
  }
  if (!output.text) {
    throw new AdapterParseError({
      adapterName: adapter.name,
      signatureName: signature.name,
      lmResponse: output.text ?? '',
      message: 'The LM returned an empty or null response.',
    });
  }
  const value = applyOutputDefaults(signature, adapter.parse(signature, output.text));
  for (const f of signature.outputFields) if (!(f.name in value)) value[f.name] = null;
  return validateParsed(signature, value);
}
