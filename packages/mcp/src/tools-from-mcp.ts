import { DspyError, Tool } from '@dspy-ts/core';
import { inlineSchemaRefs, type JsonSchema } from '@dspy-ts/core/provider-kit';

/** One tool as an MCP server lists it (`tools/list`). */
export interface McpToolInfo {
  readonly name: string;
  readonly description?: string;
  readonly inputSchema?: {
    readonly properties?: Record<string, unknown>;
    readonly required?: readonly string[];
  } & Record<string, unknown>;
}

/** What an MCP `tools/call` returns. */
export interface McpCallToolResult {
  readonly content?: readonly ({ readonly type: string; readonly text?: string } & Record<string, unknown>)[];
  readonly isError?: boolean;
  readonly structuredContent?: Record<string, unknown>;
  readonly [key: string]: unknown;
}

/**
 * The part of the SDK's `Client` (from `@modelcontextprotocol/sdk/client/index.js`) that tools need;
 * a connected `Client` satisfies it.
 *
 * @example
 * const client: McpToolClient = new Client({ name: 'my-agent', version: '1.0.0' });
 */
export interface McpToolClient {
  listTools(
    params?: { cursor?: string },
    options?: { signal?: AbortSignal },
  ): Promise<{ tools: readonly McpToolInfo[]; nextCursor?: string }>;
  callTool(
    params: { name: string; arguments?: Record<string, unknown> },
    resultSchema?: undefined,
    options?: { signal?: AbortSignal; timeout?: number },
  ): Promise<unknown>;
}

/**
 * @example
 * await toolsFromMcp(client, { resultMode: 'structured', timeoutMs: 10_000, include: ['search'] });
 */
export interface McpToolOptions {
  /**
   * `'text'` (default, DSPy's): the text contents (one string, or a list when there are several), else
   * the non-text contents. `'structured'`: the result's `structuredContent` when the server sends it.
   */
  readonly resultMode?: 'text' | 'structured';
  /** Per-call timeout in milliseconds (the tool's `timeoutMs`; agents see a timeout observation). */
  readonly timeoutMs?: number;
  /** Only these tools (by MCP name). */
  readonly include?: readonly string[];
  readonly signal?: AbortSignal;
}

/**
 * Every tool of a connected MCP server as a dspy-ts `Tool` (DSPy's `Tool.from_mcp_tool` for each),
 * ready for `ReAct` or `CodeAct`: name, description and argument schemas (`$ref`s inlined) come from
 * the server; a call runs `tools/call`. A result with `isError` throws
 * `Failed to call a MCP tool: <text>`, which agents show the model as an observation.
 *
 * @example
 * const client = new Client({ name: 'my-agent', version: '1.0.0' });
 * await client.connect(new StdioClientTransport({ command: 'npx', args: ['my-mcp-server'] }));
 * const agent = new ReAct('question -> answer', { tools: await toolsFromMcp(client) });
 */
export async function toolsFromMcp(client: McpToolClient, options: McpToolOptions = {}): Promise<Tool[]> {
  const listed: McpToolInfo[] = [];
  let cursor: string | undefined;
  do {
    const page = await client.listTools(cursor ? { cursor } : undefined, { signal: options.signal });
    listed.push(...page.tools);
    cursor = page.nextCursor;
  } while (cursor);
  const wanted = options.include ? listed.filter((t) => options.include!.includes(t.name)) : listed;
  const missing = options.include?.filter((name) => !listed.some((t) => t.name === name)) ?? [];
  if (missing.length)
    throw new DspyError(
      'CONFIG_INVALID',
      `The MCP server has no tool(s) ${missing.join(', ')}; it has ${listed.map((t) => t.name).join(', ') || 'none'}.`,
    );
  return wanted.map((tool) => mcpTool(client, tool, options));
}

/**
 * One MCP tool as a dspy-ts `Tool` (DSPy's `Tool.from_mcp_tool`). A name that is not a valid
 * function name for LMs (`[A-Za-z0-9_-]{1,64}`) gets its other characters replaced by `_`; the server
 * is still called with the original name.
 *
 * @example
 * const [info] = (await client.listTools()).tools;
 * const tool = mcpTool(client, info!);
 */
export function mcpTool(client: McpToolClient, tool: McpToolInfo, options: McpToolOptions = {}): Tool {
  const resultMode = options.resultMode ?? 'text';
  if (resultMode !== 'text' && resultMode !== 'structured')
    throw new DspyError(
      'CONFIG_INVALID',
      `Unsupported MCP result mode: ${String(resultMode)}; use 'text' or 'structured'.`,
    );
  const schema = inlineSchemaRefs((tool.inputSchema ?? {}) as JsonSchema);
  const properties = (schema.properties ?? {}) as Record<string, JsonSchema>;
  const required = ((schema.required ?? []) as string[]).filter((name) => name in properties);
  const name = tool.name.replace(/[^A-Za-z0-9_-]/g, '_').slice(0, 64);
  return new Tool(
    async (args: Record<string, unknown>, { signal }) => {
      const result = (await client.callTool({ name: tool.name, arguments: args }, undefined, {
        signal,
        ...(options.timeoutMs !== undefined ? { timeout: options.timeoutMs } : {}),
      })) as McpCallToolResult;
      return convertMcpResult(result, resultMode);
    },
    {
      name,
      desc: tool.description ?? '',
      args: { type: 'object', properties, required },
      timeoutMs: options.timeoutMs,
    },
  );
}

/**
 * DSPy's `_convert_mcp_tool_result`: text contents (one → the string, several → the list), else the
 * non-text contents; `isError` throws with the text; in `'structured'` mode `structuredContent` wins
 * when the server set it.
 *
 * @example
 * convertMcpResult({ content: [{ type: 'text', text: '42' }] }); // '42'
 */
export function convertMcpResult(result: McpCallToolResult, resultMode: 'text' | 'structured' = 'text'): unknown {
  const contents = result.content ?? [];
  const texts = contents.filter((c) => c.type === 'text').map((c) => String(c.text ?? ''));
  const others = contents.filter((c) => c.type !== 'text');
  const toolContent: string | string[] = texts.length === 1 ? texts[0]! : texts;
  if (result.isError)
    throw new Error(
      `Failed to call a MCP tool: ${typeof toolContent === 'string' ? toolContent : pyList(toolContent)}`,
    );
  if (resultMode === 'structured' && 'structuredContent' in result) return result.structuredContent;
  return toolContent.length ? toolContent : others;
}

/** Python's `str(list_of_str)`, as DSPy's message shows it. */
function pyList(items: readonly string[]): string {
  return `[${items.map((s) => `'${s.replace(/\\/g, '\\\\').replace(/'/g, "\\'")}'`).join(', ')}]`;
}
