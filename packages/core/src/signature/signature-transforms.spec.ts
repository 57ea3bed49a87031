import { InputField } from '../decorators/input-field.decorator';
import { OutputField } from '../decorators/output-field.decorator';
import { Signature } from '../decorators/signature.decorator';
import { inputField, outputField } from './field-factory';
import { getSignature } from './signature-of';
import { signature } from './string-signature';
import { T } from './type-ref';

// DSPy conformance vectors 29, 30 and 32 (tests/signatures/test_signature.py), on specs built by
// the class decorators and the string parser.
describe('signature transforms', () => {
  it('withInstructions returns a new spec (test_with_signature)', () => {
    const s1 = signature('input1, input2 -> output');
    const s2 = s1.withInstructions('This is a test');
    expect(s2.instructions).toBe('This is a test');
    expect(s2).not.toBe(s1);
    expect(s1.instructions).toBe('Given the fields `input1`, `input2`, produce the fields `output`.');
  });

  it('appendInstructions keeps the class spec unchanged (test_append_instructions)', () => {
    @Signature('Translate to French.')
    class MySig {
      @InputField() input_text!: string;
      @OutputField() output_text!: string;
    }
    const base = getSignature(MySig);
    const next = base.appendInstructions('Use a formal register.');
    expect(next.instructions).toBe('Translate to French.\n\nUse a formal register.');
    expect(getSignature(MySig).instructions).toBe('Translate to French.');
    expect(next).not.toBe(base);
    expect(next.inputFields.map((f) => f.name)).toEqual(['input_text']);
    expect(next.outputFields.map((f) => f.name)).toEqual(['output_text']);
    expect(next.target).toBe(MySig);
  });

  it('appendInstructions chains (test_append_instructions_chains) and keeps defaults', () => {
    const chained = signature('input1 -> output1', 'Base instructions.')
      .appendInstructions('Step one.')
      .appendInstructions('Step two.');
    expect(chained.instructions).toBe('Base instructions.\n\nStep one.\n\nStep two.');
    const plain = signature('input1 -> output1');
    expect(plain.appendInstructions('Extra detail.').instructions).toBe(`${plain.instructions}\n\nExtra detail.`);
  });

  it('prepend/append/insert at positions, negative indices included (test_insert_field_at_various_positions)', () => {
    @Signature()
    class InitialSignature {
      @InputField() input1!: string;
      @OutputField({ type: T.int }) output1!: number;
    }
    const base = getSignature(InitialSignature);
    expect(base.prependField(inputField('new_input_start', T.string)).inputFields[0]!.name).toBe('new_input_start');
    expect(base.appendField(inputField('new_input_end', T.string)).inputFields.at(-1)!.name).toBe('new_input_end');
    expect(base.prependField(outputField('new_output_start', T.string)).outputFields[0]!.name).toBe('new_output_start');
    expect(base.appendField(outputField('new_output_end', T.string)).outputFields.at(-1)!.name).toBe('new_output_end');

    const three = signature('a, b, c -> x, y');
    expect(three.insertField(1, inputField('n')).inputFields.map((f) => f.name)).toEqual(['a', 'n', 'b', 'c']);
    expect(three.insertField(-2, inputField('n')).inputFields.map((f) => f.name)).toEqual(['a', 'b', 'n', 'c']);
    expect(three.insertField(-1, outputField('z')).fields.map((f) => f.name)).toEqual(['a', 'b', 'c', 'x', 'y', 'z']);
    expect(() => three.insertField(5, inputField('n'))).toThrow(/index must be between -4 and 3/);
  });

  it('keeps declaration order across typed and untyped fields (test_order_preserved_with_mixed_annotations)', () => {
    @Signature()
    class ExampleSignature {
      @InputField() text!: string;
      @OutputField() output!: string;
      @OutputField() pass_evaluation!: boolean;
    }
    expect(getSignature(ExampleSignature).fields.map((f) => f.name)).toEqual(['text', 'output', 'pass_evaluation']);
  });

  it('dumps and loads state without touching the original (test_dump_and_load_state)', () => {
    @Signature('I am just an instruction.')
    class CustomSignature {
      @InputField({ desc: 'I am an innocent input!' }) sentence!: string;
      @OutputField() sentiment!: string;
    }
    const expected = {
      instructions: 'I am just an instruction.',
      fields: [
        { prefix: 'Sentence:', description: 'I am an innocent input!' },
        { prefix: 'Sentiment:', description: '${sentiment}' },
      ],
    };
    const state = getSignature(CustomSignature).dumpState();
    expect(state).toEqual(expected);

    @Signature('I am a malicious instruction.')
    class CustomSignature2 {
      @InputField({ desc: 'I am an malicious input!' }) sentence!: string;
      @OutputField() sentiment!: string;
    }
    const other = getSignature(CustomSignature2);
    expect(other.dumpState()).not.toEqual(expected);
    const loaded = other.loadState(state);
    expect(loaded.instructions).toBe('I am just an instruction.');
    expect(loaded.dumpState()).toEqual(expected);
    expect(getSignature(CustomSignature2).instructions).toBe('I am a malicious instruction.');
    expect(getSignature(CustomSignature2).field('sentence')!.desc).toBe('I am an malicious input!');
    expect(getSignature(CustomSignature2).field('sentiment')!.prefix).toBe('Sentiment:');
  });

  it('compares specs as DSPy equals does (test_signature_equality / inequality)', () => {
    expect(signature('input1 -> output1').equals(signature('input1 -> output1'))).toBe(true);
    expect(signature('input1 -> output1').equals(signature('input2 -> output2'))).toBe(false);
    expect(
      signature('input: str | None -> output: int | str').equals(
        signature('input: Optional[str] -> output: Union[int, str]'),
      ),
    ).toBe(true);
  });
});
