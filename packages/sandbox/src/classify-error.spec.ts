import { classifyHostFailure, classifyThrown } from './classify-error';

const limits = { timeoutMs: 100, memoryLimitBytes: 64 * 1024 * 1024, stackLimitBytes: 256 * 1024 };
const syntax = {
  name: 'SyntaxError',
  message: "unexpected token in expression: 'x'",
  stack: '    at program.js:2:5\n',
};

describe('classifyThrown', () => {
  it('calls a static import a forbidden module load, other syntax errors syntax', () => {
    const asCompile = (code: string) => classifyThrown(syntax, { interrupted: false, phase: 'compile', limits, code });
    expect(asCompile('import fs from "fs";\nfs.x')).toMatchObject({ kind: 'forbidden', name: 'ForbiddenError' });
    expect(asCompile('  import { readFileSync } from "fs"')).toMatchObject({ kind: 'forbidden' });
    expect(asCompile('importantValue = 1;\nx x')).toMatchObject({
      kind: 'syntax',
      line: 2,
      message: "SyntaxError: unexpected token in expression: 'x' (line 2)",
    });
  });

  it('takes "interrupted" for a timeout only when the deadline fired', () => {
    const thrown = { name: 'InternalError', message: 'interrupted', stack: '' };
    expect(classifyThrown(thrown, { interrupted: true, phase: 'run', limits, code: '' }).kind).toBe('timeout');
    expect(classifyThrown(thrown, { interrupted: false, phase: 'run', limits, code: '' }).kind).toBe('runtime');
  });

  it('drops the prelude frames from a stack', () => {
    const thrown = {
      name: 'ForbiddenError',
      message: 'x',
      stack: '    at get (prelude.js:45:30)\n    at <eval> (program.js:3:1)\n',
    };
    expect(classifyThrown(thrown, { interrupted: false, phase: 'run', limits, code: '' })).toMatchObject({
      kind: 'forbidden',
      line: 3,
      stack: '    at <eval> (program.js:3:1)',
    });
  });
});

describe('classifyHostFailure', () => {
  it("reports Node's stack running out inside the engine as a stack failure, anything else as internal", () => {
    expect(classifyHostFailure(new RangeError('Maximum call stack size exceeded'), limits).kind).toBe('stack');
    expect(classifyHostFailure(new Error('memory access out of bounds'), limits)).toMatchObject({
      kind: 'internal',
      message: 'SandboxError: the sandbox failed (memory access out of bounds)',
    });
  });
});
