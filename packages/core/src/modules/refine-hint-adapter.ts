import type { Adapter, AdapterCallArgs, AdapterCallResult, Demo, ParsedOutputs } from '../adapters/adapter';
import { ChatAdapter } from '../adapters/chat-adapter';
import { resolveAdapter } from '../context/resolve-lm';
import type { ChatMessage } from '../lm/messages';
import type { FieldSpec } from '../signature/field-spec';
import { inputField } from '../signature/field-factory';
import type { Spec } from '../signature/signature-spec';
import { T } from '../signature/type-ref';

const HINT = inputField('hint_', T.string, { desc: 'A hint to the module from an earlier run' });
// One hinted spec per spec: adapters cache prompt parts by spec identity.
const hinted = new WeakMap<Spec, Spec>();
const defaultAdapter = new ChatAdapter();

function withHint(signature: Spec): Spec {
  let spec = hinted.get(signature);
  if (!spec) hinted.set(signature, (spec = signature.field(HINT.name) ? signature : signature.appendField(HINT)));
  return spec;
}

/**
 * Refine's hint injection (DSPy's `WrapperAdapter`): every prompt of one predictor gets an extra
 * input `hint_` ("A hint to the module from an earlier run") holding the advice for it. Wraps
 * the predictor's own adapter, else the one in scope, else `ChatAdapter`, resolved per call.
 *
 * @example
 * predictor.adapter = new HintAdapter(predictor.adapter, 'Answer with the city name only.');
 */
export class HintAdapter implements Adapter {
  constructor(
    readonly own: Adapter | undefined,
    readonly hint: string,
  ) {}

  get name(): string {
    return this.inner().name;
  }

  formatSystemMessage(signature: Spec): string {
    return this.inner().formatSystemMessage(withHint(signature));
  }

  format(signature: Spec, demos: readonly Demo[], inputs: Readonly<Record<string, unknown>>): ChatMessage[] {
    return this.inner().format(withHint(signature), demos, { ...inputs, hint_: this.hint });
  }

  parse(signature: Spec, completion: string): ParsedOutputs {
    return this.inner().parse(withHint(signature), completion);
  }

  formatFieldsWithValues(fields: readonly { field: FieldSpec; value: unknown }[], role?: 'user' | 'assistant'): string {
    return this.inner().formatFieldsWithValues(fields, role);
  }

  call(args: AdapterCallArgs): Promise<AdapterCallResult> {
    return this.inner().call({
      ...args,
      signature: withHint(args.signature),
      inputs: { ...args.inputs, hint_: this.hint },
    });
  }

  private inner(): Adapter {
    return resolveAdapter(this.own) ?? defaultAdapter;
  }
}
