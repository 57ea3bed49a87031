import type { SandboxResult } from '../tools/sandbox';
import { codeOutputOf, parseGeneratedCode } from './program-of-thought-code';

describe('parseGeneratedCode', () => {
  it.each([
    ['a javascript fence', '```javascript\nSUBMIT({ a: 1 })\n```', 'SUBMIT({ a: 1 })'],
    [
      'a js fence with prose around it',
      'Here you go:\n```js\nconst x = 2;\nSUBMIT({ x })\n```\nDone.',
      'const x = 2;\nSUBMIT({ x })',
    ],
    ['a bare fence', '```\n1 + 1\n```', '1 + 1'],
    ['an unclosed fence (a truncated reply)', '```javascript\nSUBMIT(3)', 'SUBMIT(3)'],
    ['a one-line fence', '```SUBMIT(4)```', 'SUBMIT(4)'],
    ['no fence', '  SUBMIT(5)\n', 'SUBMIT(5)'],
    [
      'code containing `---` and blank lines, kept whole',
      'let i = 3, j = 1;\nconst d = i---j;\n\n\n\nSUBMIT(d)',
      'let i = 3, j = 1;\nconst d = i---j;\n\n\n\nSUBMIT(d)',
    ],
  ])('takes the code from %s', (_label, text, code) => {
    expect(parseGeneratedCode(text)).toEqual({ code });
  });

  it("appends a last line's assigned variable so its value is the result (DSPy's rule)", () => {
    expect(parseGeneratedCode('```js\nconst a = 2;\nconst total = a * 21\n```')).toEqual({
      code: 'const a = 2;\nconst total = a * 21\ntotal',
    });
    expect(parseGeneratedCode('let a = 1\nresult = a + 1;')).toEqual({ code: 'let a = 1\nresult = a + 1;\nresult' });
    // one line, comparisons and arrows are left alone
    expect(parseGeneratedCode('const x = 1')).toEqual({ code: 'const x = 1' });
    expect(parseGeneratedCode('const a = 1\na === 1')).toEqual({ code: 'const a = 1\na === 1' });
    expect(parseGeneratedCode('const a = 1\nf => a')).toEqual({ code: 'const a = 1\nf => a' });
  });

  it('reports empty code as DSPy does', () => {
    expect(parseGeneratedCode('```javascript\n\n```')).toEqual({
      code: '```javascript\n\n```',
      error: 'Error: Empty code after parsing.',
    });
    expect(parseGeneratedCode(undefined)).toEqual({ code: '', error: 'Error: Empty code after parsing.' });
  });
});

describe('codeOutputOf', () => {
  const ok = (result: unknown, logs: string[] = []): SandboxResult => ({
    ok: true,
    result: result as never,
    logs,
    durationMs: 1,
  });

  it('is the result as JSON, else the printed output', () => {
    expect(codeOutputOf(ok({ answer: 2 }, ['ignored']))).toEqual({ output: '{"answer":2}' });
    expect(codeOutputOf(ok('text'))).toEqual({ output: '"text"' });
    expect(codeOutputOf(ok(undefined, ['4', 'five']))).toEqual({ output: '4\nfive' });
  });

  it('is an error when the run failed or produced nothing', () => {
    const failed: SandboxResult = {
      ok: false,
      error: { kind: 'runtime', name: 'TypeError', message: 'TypeError: boom (line 2)' },
      logs: [],
      durationMs: 1,
    };
    expect(codeOutputOf(failed)).toEqual({ error: 'TypeError: boom (line 2)' });
    expect(codeOutputOf(ok(undefined)).error).toMatch(/produced no output/);
  });
});

describe('codeOutputOf caps a huge error (issue 14)', () => {
  it('keeps at most 4,000 characters of an error message for the next prompt', () => {
    const out = codeOutputOf({
      ok: false,
      error: { kind: 'runtime', name: 'Error', message: `Error: ${'x'.repeat(40_000_000)}` },
      logs: [],
      durationMs: 1,
    });
    expect(out.error!.length).toBeLessThan(4_100);
    expect(out.error).toMatch(/truncated: 40000007 characters in all/);
  });
});
