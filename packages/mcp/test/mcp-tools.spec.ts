import { type ChildProcess, spawn } from 'node:child_process';
import { join } from 'node:path';
import { CodeAct, DspyError, ReAct, type Tool } from '@dspy-ts/core';
import { JsSandbox } from '@dspy-ts/sandbox';
import { DummyLM } from '@dspy-ts/testing';
import { connectMcpHttp, connectMcpStdio, convertMcpResult, type McpConnection } from '../src';

// A real MCP server process (test/fixtures/mcp-server.cjs, built with the official SDK), reached
// with the SDK's real client over stdio and over streamable HTTP on 127.0.0.1.
const SERVER = join(__dirname, 'fixtures/mcp-server.cjs');
const byName = (tools: readonly Tool[], name: string) => tools.find((t) => t.name === name)!;

describe.each(['stdio', 'http'] as const)('toolsFromMcp over %s (real server process)', (kind) => {
  let mcp: McpConnection;
  let httpServer: ChildProcess | undefined;

  beforeAll(async () => {
    if (kind === 'stdio') {
      mcp = await connectMcpStdio({ command: process.execPath, args: [SERVER] });
      return;
    }
    httpServer = spawn(process.execPath, [SERVER, '--http'], { stdio: ['ignore', 'pipe', 'inherit'] });
    const port = await new Promise<number>((resolve, reject) => {
      httpServer!.stdout!.on('data', (d: Buffer) => {
        const m = /listening (\d+)/.exec(d.toString());
        if (m) resolve(Number(m[1]));
      });
      httpServer!.once('exit', (code) => reject(new Error(`server exited with ${code}`)));
    });
    mcp = await connectMcpHttp(`http://127.0.0.1:${port}/mcp`, { headers: { Authorization: 'Bearer secret-token' } });
  });

  afterAll(async () => {
    await mcp?.close();
    if (httpServer && httpServer.exitCode === null) {
      const exited = new Promise((r) => httpServer!.once('exit', r));
      httpServer.kill('SIGTERM');
      await exited;
    }
  });

  it('lists every tool with its description and argument schemas', () => {
    expect(mcp.tools.map((t) => t.name)).toEqual(['add', 'weather', 'lines', 'pixel', 'fail', 'slow']);
    const add = byName(mcp.tools, 'add');
    expect(add.desc).toBe('Add two numbers.');
    expect(add.args).toEqual({ a: { type: 'number', description: 'first addend' }, b: { type: 'number' } });
    expect(add.required).toEqual(['a', 'b']);
    expect(String(add)).toBe(
      "add, whose description is <desc>Add two numbers.</desc>. It takes arguments {'a': {'type': 'number', 'description': 'first addend'}, 'b': {'type': 'number'}}.",
    );
  });

  it('calls tools: one text → a string, several → a list, none → the non-text contents', async () => {
    expect(await byName(mcp.tools, 'add').call({ a: 2, b: 3 })).toBe('5');
    expect(await byName(mcp.tools, 'lines').call({})).toEqual(['first', 'second']);
    expect(await byName(mcp.tools, 'pixel').call({})).toEqual([
      { type: 'image', data: 'iVBORw0KGgo=', mimeType: 'image/png' },
    ]);
    expect(await byName(mcp.tools, 'weather').call({ city: 'Oslo' })).toBe('{"city":"Oslo","temperature":20}');
  });

  it('isError results throw "Failed to call a MCP tool" (an observation for agents)', async () => {
    const fail = byName(mcp.tools, 'fail');
    await expect(fail.call({ reason: 'no' })).rejects.toThrow('Failed to call a MCP tool: cannot do that: no');
    const outcome = await fail.execute({ reason: 'no' });
    expect(outcome).toMatchObject({ ok: false, reason: 'error' });
  });

  it('arguments are checked against the server schema before the call', async () => {
    const outcome = await byName(mcp.tools, 'add').execute({ a: 'two', b: 3 });
    expect(outcome).toMatchObject({ ok: false, reason: 'invalid_args' });
  });

  it('ReAct uses MCP tools (DummyLM drives the loop)', async () => {
    const lm = new DummyLM([
      { next_thought: 'Add them.', next_tool_name: 'add', next_tool_args: { a: 20, b: 22 } },
      { next_thought: 'Done.', next_tool_name: 'finish', next_tool_args: {} },
      { reasoning: 'The tool said 42.', answer: '42' },
    ]);
    const agent = new ReAct('question -> answer', { tools: mcp.tools, maxIters: 3 });
    agent.setLm(lm);
    const p = await agent.call({ question: 'What is 20 + 22?' });
    expect(p.answer).toBe('42');
    expect(p.trajectory.observation_0).toBe('42');
  });

  it('CodeAct calls MCP tools from JavaScript in the sandbox (the calls run on the host)', async () => {
    const lm = new DummyLM([
      {
        generated_code: '```js\nconst s = add({ a: 20, b: 22 });\nconsole.log(s, lines().length)\n```',
        finished: true,
      },
      { reasoning: 'It printed 42.', answer: '42' },
    ]);
    const agent = new CodeAct('question -> answer', { tools: mcp.tools, sandbox: new JsSandbox({ timeoutMs: 1000 }) });
    agent.setLm(lm);
    const p = await agent.call({ question: 'What is 20 + 22?' });
    expect(p.trajectory.code_output_0).toBe('42 2');
    expect(p.answer).toBe('42');
  });
});

describe('MCP options and errors', () => {
  it("resultMode 'structured' returns structuredContent; include picks tools; timeoutMs times out", async () => {
    const mcp = await connectMcpStdio(
      { command: process.execPath, args: [SERVER] },
      { resultMode: 'structured', include: ['weather', 'slow'], timeoutMs: 300 },
    );
    try {
      expect(mcp.tools.map((t) => t.name)).toEqual(['weather', 'slow']);
      expect(await byName(mcp.tools, 'weather').call({ city: 'Oslo', unit: 'f' })).toEqual({
        city: 'Oslo',
        temperature: 68,
      });
      expect(await byName(mcp.tools, 'slow').execute({ ms: 2000 })).toMatchObject({ ok: false, reason: 'timeout' });
    } finally {
      await mcp.close();
    }
  });

  it('an unknown tool in include, and a server that cannot start, are clear errors', async () => {
    const err = await connectMcpStdio({ command: process.execPath, args: [SERVER] }, { include: ['nope'] }).catch(
      (e: unknown) => e,
    );
    expect(DspyError.is(err, 'CONFIG_INVALID')).toBe(true);
    expect((err as Error).message).toContain('has no tool(s) nope; it has add, weather');
    const down = await connectMcpHttp('http://127.0.0.1:9/mcp').catch((e: unknown) => e);
    expect(DspyError.is(down, 'TOOL_ERROR')).toBe(true);
    expect((down as Error).message).toContain('Cannot connect to the MCP server http://127.0.0.1:9/mcp');
  });

  it('convertMcpResult follows DSPy: the text list in the isError message, structured only when set', () => {
    expect(() =>
      convertMcpResult({
        content: [
          { type: 'text', text: 'a' },
          { type: 'text', text: "b'c" },
        ],
        isError: true,
      }),
    ).toThrow("Failed to call a MCP tool: ['a', 'b\\'c']");
    expect(convertMcpResult({ content: [{ type: 'text', text: 'x' }] }, 'structured')).toBe('x');
    expect(convertMcpResult({ content: [] })).toEqual([]);
  });
});
