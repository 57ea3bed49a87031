/**
 * Test helpers for adapter specs: signatures built directly as `SignatureSpec`s (no decorators,
 * no string parser) and DSPy's capturing LM. Not exported from the package.
 */
import { LmError } from '../errors/dspy-error';
import type { LmCallOptions, LmCapabilities } from '../lm/language-model';
import type { ChatMessage } from '../lm/messages';
import type { FieldSpec } from '../signature/field-spec';
import { SignatureSpec } from '../signature/signature-spec';
import type { TypeRef } from '../signature/type-ref';
import { ScriptedLM } from '../testing';

type FieldExtra = Partial<Omit<FieldSpec, 'name' | 'role' | 'type'>>;

function field(name: string, role: FieldSpec['role'], type: TypeRef, extra: FieldExtra): FieldSpec {
  return { name, role, type, desc: `\${${name}}`, prefix: `${name}:`, optional: false, hasDefault: false, ...extra };
}

/** An input field; `str` unless a type is given. */
export const inp = (name: string, type: TypeRef = { kind: 'string' }, extra: FieldExtra = {}) =>
  field(name, 'input', type, extra);
/** An output field; `str` unless a type is given. */
export const out = (name: string, type: TypeRef = { kind: 'string' }, extra: FieldExtra = {}) =>
  field(name, 'output', type, extra);

/** A signature from fields; default instructions when none are given (DSPy's string signatures). */
export function sig(fields: FieldSpec[], instructions?: string, name = 'StringSignature'): SignatureSpec<any, any> {
  return new SignatureSpec({ name, instructions, fields });
}

/**
 * DSPy's `CapturingLM` from `tests/adapters/conftest.py`: records the messages and options of the
 * first call, then stops the pipeline with an `LmError` (which no adapter retries).
 */
export class CapturingLM extends ScriptedLM {
  constructor(capabilities?: LmCapabilities) {
    super([new LmError('LM_ERROR', 'captured')], { capabilities });
  }
}

/** DSPy's `format_messages_and_lm_kwargs`: the messages and LM options of one adapter call. */
export async function formatMessagesAndOptions(
  adapter: { call: (args: any) => Promise<unknown> },
  signature: SignatureSpec<any, any>,
  demos: readonly Record<string, unknown>[],
  inputs: Record<string, unknown>,
  options: LmCallOptions = {},
  capabilities?: LmCapabilities,
): Promise<{ messages: readonly ChatMessage[]; options: LmCallOptions }> {
  const lm = new CapturingLM(capabilities);
  await adapter.call({ lm, options, signature, demos, inputs }).catch((err: unknown) => {
    if (!(err instanceof LmError)) throw err;
  });
  if (lm.calls.length !== 1) throw new Error(`expected exactly one LM call, got ${lm.calls.length}`);
  return lm.calls[0]!;
}
