import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  configure,
  DspyError,
  InputField,
  OutputField,
  ProgramOfThought,
  resetSettings,
  Signature,
} from '@dspy-ts/core';
import { messageText } from '@dspy-ts/core/provider-kit';
import { DummyLM } from '@dspy-ts/testing';
import { JsSandbox } from '../src';

// DSPy's tests/predict/test_program_of_thought.py, with JavaScript in a real JsSandbox.
afterEach(() => resetSettings());

@Signature()
class BasicQA {
  @InputField() question!: string;
  @OutputField({ desc: 'often between 1 and 5 words' }) answer!: string;
}

@Signature()
class ExtremumFinder {
  @InputField() input_list!: string;
  @OutputField({ desc: 'The maximum of the given numbers' }) maximum!: string;
  @OutputField({ desc: 'The minimum of the given numbers' }) minimum!: string;
}

const sandbox = new JsSandbox({ timeoutMs: 1_000 });

/** The user message the LM received on call `i` (0-based). */
function userMessage(lm: DummyLM, i: number): string {
  const entry = lm.history.entries[i]!;
  return messageText(entry.messages[entry.messages.length - 1]!);
}

describe('ProgramOfThought', () => {
  it('runs the generated code and answers from its output on the first try', async () => {
    const lm = new DummyLM([
      {
        reasoning: 'Reason_A',
        generated_code: '```javascript\nconst result = 1 + 1;\nSUBMIT({ answer: result });\n```',
      },
      { reasoning: 'Reason_B', answer: '2' },
    ]);
    configure({ lm });
    const pot = new ProgramOfThought(BasicQA, { sandbox });
    const res = await pot.call({ question: 'What is 1+1?' });
    expect(res.answer).toBe('2');
    expect(lm.history.entries).toHaveLength(2);
    const answerPrompt = userMessage(lm, 1);
    expect(answerPrompt).toContain(
      '[[ ## final_generated_code ## ]]\nconst result = 1 + 1;\nSUBMIT({ answer: result });',
    );
    expect(answerPrompt).toContain('[[ ## code_output ## ]]\n{"answer":2}');
  });

  it('accepts old-style code that only assigns its result (test_old_style_pot)', async () => {
    const lm = new DummyLM([
      { reasoning: 'Reason_A', generated_code: '```js\nconst a = 1\nresult = a + 1\n```' },
      { reasoning: 'Reason_B', answer: '2' },
    ]);
    configure({ lm });
    const res = await new ProgramOfThought(BasicQA, { sandbox }).call({ question: 'What is 1+1?' });
    expect(res.answer).toBe('2');
    expect(userMessage(lm, 1)).toContain('[[ ## code_output ## ]]\n2');
  });

  it('supports several output fields (test_pot_support_multiple_fields)', async () => {
    const lm = new DummyLM([
      {
        reasoning: 'Reason_A',
        generated_code:
          '```javascript\nconst xs = [2, 3, 5, 6];\nSUBMIT({ maximum: Math.max(...xs), minimum: Math.min(...xs) });\n```',
      },
      { reasoning: 'Reason_B', maximum: '6', minimum: '2' },
    ]);
    configure({ lm });
    const res = await new ProgramOfThought(ExtremumFinder, { sandbox }).call({ input_list: '2, 3, 5, 6' });
    expect([res.maximum, res.minimum]).toEqual(['6', '2']);
    expect(userMessage(lm, 1)).toContain('[[ ## code_output ## ]]\n{"maximum":6,"minimum":2}');
  });

  it('shows the model its failing code and the error, then uses the repaired code (test_pot_code_generation_with_one_error)', async () => {
    const lm = new DummyLM([
      {
        reasoning: 'Reason_A',
        generated_code: '```javascript\nconst result = 1 + undefinedValue;\nSUBMIT({ answer: result });\n```',
      },
      {
        reasoning: 'Reason_B',
        generated_code: '```javascript\nconst result = 1 + 1;\nSUBMIT({ answer: result });\n```',
      },
      { reasoning: 'Reason_C', answer: '2' },
    ]);
    configure({ lm });
    const res = await new ProgramOfThought(BasicQA, { sandbox }).call({ question: 'What is 1+1?' });
    expect(res.answer).toBe('2');
    const repairPrompt = userMessage(lm, 1);
    expect(repairPrompt).toContain('[[ ## previous_code ## ]]\nconst result = 1 + undefinedValue;');
    expect(repairPrompt).toContain("[[ ## error ## ]]\nReferenceError: 'undefinedValue' is not defined (line 1)");
    expect(userMessage(lm, 2)).toContain('[[ ## code_output ## ]]\n{"answer":2}');
  });

  it('reports an escape attempt to the model like any other error', async () => {
    const lm = new DummyLM([
      {
        reasoning: 'A',
        generated_code: '```javascript\nSUBMIT({ answer: require("fs").readdirSync("/").length })\n```',
      },
      { reasoning: 'B', generated_code: 'SUBMIT({ answer: 3 })' },
      { reasoning: 'C', answer: '3' },
    ]);
    configure({ lm });
    const res = await new ProgramOfThought(BasicQA, { sandbox }).call({ question: 'How many?' });
    expect(res.answer).toBe('3');
    expect(userMessage(lm, 1)).toContain(
      '[[ ## error ## ]]\nForbiddenError: `require` is not available: the sandbox has no modules, file system, network or process access (line 1)',
    );
  });

  it('fails with SANDBOX_ERROR and the last error after maxIters attempts', async () => {
    const lm = new DummyLM([
      { reasoning: 'A', generated_code: '```javascript\nwhile (true) {}\n```' },
      { reasoning: 'B', generated_code: '```javascript\nconst x = ;\n```' },
      { reasoning: 'C', generated_code: '```javascript\nnull.answer\n```' },
      { reasoning: 'never used', answer: 'x' },
    ]);
    configure({ lm });
    const pot = new ProgramOfThought(BasicQA, { sandbox, maxIters: 3, runOptions: { timeoutMs: 100 } });
    const err = await pot.call({ question: 'What is 1+1?' }).catch((e: unknown) => e);
    expect(DspyError.is(err, 'SANDBOX_ERROR')).toBe(true);
    const error = err as DspyError;
    expect(error.message).toMatch(
      /^Max hops reached\. Failed to run ProgramOfThought after 3 attempt\(s\): TypeError: cannot read property 'answer' of null/,
    );
    expect(error.details).toMatchObject({
      attempts: 3,
      code: 'null.answer',
      sandboxError: { kind: 'runtime', name: 'TypeError' },
    });
    expect(lm.history.entries).toHaveLength(3); // generate + 2 repairs, no answer step
    expect(userMessage(lm, 1)).toContain('[[ ## error ## ]]\nTimeoutError: the code ran longer than 100 ms');
    expect(userMessage(lm, 2)).toContain('[[ ## error ## ]]\nSyntaxError: ');
  });

  it('treats code that produces nothing as an error the model must fix', async () => {
    const lm = new DummyLM([
      {
        reasoning: 'A',
        generated_code: '```javascript\nconst x = [1, 2].map((v) => v * 2);\nx.forEach(() => {});\n```',
      },
      { reasoning: 'B', generated_code: '```javascript\nconsole.log(4)\n```' },
      { reasoning: 'C', answer: '4' },
    ]);
    configure({ lm });
    const res = await new ProgramOfThought(BasicQA, { sandbox }).call({ question: 'q' });
    expect(res.answer).toBe('4');
    expect(userMessage(lm, 1)).toContain(
      '[[ ## error ## ]]\nError: the code ran but produced no output. Call `SUBMIT({...})` with the final values.',
    );
    expect(userMessage(lm, 2)).toContain('[[ ## code_output ## ]]\n4');
  });

  it("names its predictors as DSPy does and tells the model to write the sandbox's language", () => {
    const pot = new ProgramOfThought('question -> answer', { sandbox });
    expect(pot.namedPredictors().map(([n]) => n)).toEqual([
      'code_generate.predict',
      'code_regenerate.predict',
      'generate_output.predict',
    ]);
    expect(pot.code_generate.predict.signature.instructions).toContain('Generating executable JavaScript code');
    expect(pot.code_generate.predict.signature.field('generated_code')?.desc).toBe(
      'JavaScript code that answers the question',
    );
  });

  it("sends DSPy 3.4.1's prompts for all three steps, with JavaScript for Python", async () => {
    const golden = JSON.parse(
      readFileSync(join(__dirname, 'fixtures/program-of-thought-prompts.golden.json'), 'utf8'),
    ) as {
      steps: { role: string; content: string }[][];
    };
    // The only intended differences: the language, and "dict" becomes "object" for SUBMIT's argument.
    const toJavaScript = (text: string) =>
      text
        .replace(/python code/g, 'JavaScript code')
        .replace('executable Python code', 'executable JavaScript code')
        .replace('in a dict,', 'in an object,');
    const lm = new DummyLM([
      { reasoning: 'R', generated_code: 'x' },
      { reasoning: 'R2', generated_code: 'y' },
      { reasoning: 'R3', answer: '2' },
    ]);
    configure({ lm });
    const pot = new ProgramOfThought(BasicQA, { sandbox });
    await pot.code_generate.call({ question: 'What is 1+1?' });
    await pot.code_regenerate.call({ question: 'What is 1+1?', previous_code: 'x', error: 'boom' });
    await pot.generate_output.call({ question: 'What is 1+1?', final_generated_code: 'y', code_output: '2' });
    const sent = lm.history.entries.map((e) => e.messages.map((m) => ({ role: m.role, content: messageText(m) })));
    expect(sent).toEqual(
      golden.steps.map((step) => step.map((m) => ({ role: m.role, content: toJavaScript(m.content) }))),
    );
  });

  it('needs a sandbox and a sensible maxIters', () => {
    expect(() => new ProgramOfThought('question -> answer', {} as never)).toThrow(/needs a sandbox/);
    expect(() => new ProgramOfThought('question -> answer', { sandbox, maxIters: 0 })).toThrow(/maxIters/);
  });
});
