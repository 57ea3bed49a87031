import { DspyError } from '../errors/dspy-error';
import type { FieldRole, FieldSpec } from './field-spec';

/** `dumpState()` layout, identical to DSPy's `Signature.dump_state()`. */
export interface SignatureState {
  instructions: string;
  fields: { prefix: string; description: string }[];
}

/** A signature of any input and output types: what adapters, parsers and modules take. */
export type Spec = SignatureSpec<any, any>;

/**
 * The runtime model of a signature: instructions plus ordered fields (inputs first, then outputs).
 * Class signatures (`@Signature`) and string signatures (`signature('q -> a')`) both produce one.
 * It is immutable; every transform returns a new spec and never touches the class it came from.
 *
 * `TIn`/`TOut` carry the static types of inputs and outputs where they are known.
 *
 * @example
 * const qa = signature('question -> answer');
 * const cot = qa.prependField({ name: 'reasoning', role: 'output', ... });
 */
export class SignatureSpec<
  TIn extends object = Record<string, unknown>,
  TOut extends object = Record<string, unknown>,
> {
  readonly name: string;
  readonly instructions: string;
  readonly fields: readonly FieldSpec[];
  readonly inputFields: readonly FieldSpec[];
  readonly outputFields: readonly FieldSpec[];
  /** The decorated class this spec came from, when any (used for class-validator validation). */
  readonly target?: new (...args: never[]) => object;
  private readonly byName: ReadonlyMap<string, FieldSpec>;

  /** Phantom members so `TIn`/`TOut` take part in type inference; never set at run time. */
  declare readonly __in?: TIn;
  declare readonly __out?: TOut;

  constructor(args: {
    name: string;
    instructions?: string;
    fields: readonly FieldSpec[];
    target?: new (...args: never[]) => object;
  }) {
    const inputs = args.fields.filter((f) => f.role === 'input');
    const outputs = args.fields.filter((f) => f.role === 'output');
    const byName = new Map<string, FieldSpec>();
    for (const f of args.fields) {
      if (byName.has(f.name)) {
        throw new DspyError(
          'SIGNATURE_INVALID',
          `Signature ${args.name} declares the field \`${f.name}\` twice. Field names must be unique across inputs and outputs; rename one of them.`,
        );
      }
      byName.set(f.name, f);
    }
    this.name = args.name;
    this.fields = Object.freeze([...inputs, ...outputs]);
    this.inputFields = Object.freeze(inputs);
    this.outputFields = Object.freeze(outputs);
    this.byName = byName;
    this.target = args.target;
    // Only absent instructions get the default sentence: an explicit '' stays empty, as DSPy keeps
    // an empty docstring or a loaded `"instructions": ""`.
    this.instructions =
      args.instructions !== undefined ? dedent(args.instructions) : defaultInstructions(inputs, outputs);
    Object.freeze(this);
  }

  field(name: string): FieldSpec | undefined {
    return this.byName.get(name);
  }

  /** `"question, context -> answer"`, as DSPy's `signature` property. */
  get signatureString(): string {
    return `${this.inputFields.map((f) => f.name).join(', ')} -> ${this.outputFields.map((f) => f.name).join(', ')}`;
  }

  withInstructions(instructions: string): SignatureSpec<TIn, TOut> {
    return this.rebuild({ instructions });
  }

  /** DSPy's `append_instructions`: `old + "\n\n" + more`. */
  appendInstructions(more: string): SignatureSpec<TIn, TOut> {
    return this.rebuild({ instructions: `${this.instructions}\n\n${more}` });
  }

  /** Insert at `index` within the inputs or the outputs (by the new field's role); negative counts from the end. */
  insertField<N extends string, V>(index: number, field: FieldSpec & { name: N }): SignatureSpec<any, any> {
    const group = field.role === 'input' ? [...this.inputFields] : [...this.outputFields];
    const other = field.role === 'input' ? [...this.outputFields] : [...this.inputFields];
    let at = index < 0 ? group.length + 1 + index : index;
    if (at < 0 || at > group.length) {
      throw new DspyError(
        'SIGNATURE_INVALID',
        `Cannot insert field \`${field.name}\` at index ${index} of the ${field.role} fields of ${this.name}: the index must be between ${-(group.length + 1)} and ${group.length}.`,
      );
    }
    group.splice(at, 0, field);
    const fields = field.role === 'input' ? [...group, ...other] : [...other, ...group];
    return this.rebuild({ fields });
  }

  prependField(field: FieldSpec): SignatureSpec<any, any> {
    return this.insertField(0, field);
  }

  appendField(field: FieldSpec): SignatureSpec<any, any> {
    return this.insertField(-1, field);
  }

  /** Removes `name`; a missing name is ignored, as in DSPy. */
  deleteField(name: string): SignatureSpec<any, any> {
    return this.rebuild({ fields: this.fields.filter((f) => f.name !== name) });
  }

  /** Replace parts of one field (desc, prefix, type...). */
  withUpdatedField(name: string, patch: Partial<Omit<FieldSpec, 'name' | 'role'>>): SignatureSpec<TIn, TOut> {
    if (!this.byName.has(name)) {
      throw new DspyError(
        'SIGNATURE_INVALID',
        `Signature ${this.name} has no field \`${name}\`. Fields: ${this.fields.map((f) => f.name).join(', ')}.`,
      );
    }
    return this.rebuild({ fields: this.fields.map((f) => (f.name === name ? { ...f, ...patch } : f)) });
  }

  /** Same instructions, field names, roles, descriptions and prefixes (DSPy's `equals`). */
  equals(other: SignatureSpec<any, any>): boolean {
    if (this.instructions !== other.instructions || this.fields.length !== other.fields.length) return false;
    return this.fields.every((f, i) => {
      const g = other.fields[i]!;
      return f.name === g.name && f.role === g.role && f.desc === g.desc && f.prefix === g.prefix;
    });
  }

  dumpState(): SignatureState {
    return {
      instructions: this.instructions,
      fields: this.fields.map((f) => ({ prefix: f.prefix, description: f.desc })),
    };
  }

  /** Returns a new spec with the state applied positionally (as DSPy zips fields in order). */
  loadState(state: SignatureState): SignatureSpec<TIn, TOut> {
    const fields = this.fields.map((f, i) => {
      const s = state.fields[i];
      return s ? { ...f, prefix: s.prefix, desc: s.description } : f;
    });
    return this.rebuild({ instructions: state.instructions, fields });
  }

  private rebuild(patch: { instructions?: string; fields?: readonly FieldSpec[] }): SignatureSpec<any, any> {
    return new SignatureSpec({
      name: this.name,
      instructions: patch.instructions ?? this.instructions,
      fields: patch.fields ?? this.fields,
      target: this.target,
    });
  }
}

/** DSPy's default: ``Given the fields `a`, `b`, produce the fields `c`.`` */
export function defaultInstructions(inputs: readonly { name: string }[], outputs: readonly { name: string }[]): string {
  const names = (fs: readonly { name: string }[]) => fs.map((f) => `\`${f.name}\``).join(', ');
  return `Given the fields ${names(inputs)}, produce the fields ${names(outputs)}.`;
}

/** Python's `inspect.cleandoc`-like dedent: drop common leading indentation and blank edges. */
export function dedent(text: string): string {
  const lines = text.replace(/\t/g, '        ').split('\n');
  const indents = lines
    .slice(1)
    .filter((l) => l.trim() !== '')
    .map((l) => l.length - l.trimStart().length);
  const common = indents.length ? Math.min(...indents) : 0;
  const out = [lines[0]!.trimStart(), ...lines.slice(1).map((l) => l.slice(common))];
  while (out.length && out[0]!.trim() === '') out.shift();
  while (out.length && out[out.length - 1]!.trim() === '') out.pop();
  return out.join('\n');
}

export type { FieldRole };
