import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StdioClientTransport, type StdioServerParameters } from '@modelcontextprotocol/sdk/client/stdio.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import type { Transport } from '@modelcontextprotocol/sdk/shared/transport.js';
import { DspyError, type Tool } from '@dspy-ts/core';
import { type McpToolOptions, toolsFromMcp } from './tools-from-mcp';

/**
 * A connected MCP server: its tools, the SDK client (for resources, prompts, ...), and `close()`.
 *
 * @example
 * const mcp = await connectMcpStdio({ command: 'node', args: ['server.js'] });
 * const agent = new ReAct('question -> answer', { tools: mcp.tools });
 * await mcp.close();
 */
export interface McpConnection {
  readonly client: Client;
  readonly tools: Tool[];
  close(): Promise<void>;
}

const clientInfo = { name: 'dspy-ts', version: '0.0.0' };

/**
 * Starts an MCP server process and connects over stdio (the SDK's `StdioClientTransport`).
 * `close()` ends the connection and the process.
 *
 * @example
 * const mcp = await connectMcpStdio({ command: 'node', args: ['server.js'] });
 * try { await new ReAct('question -> answer', { tools: mcp.tools }).call({ question }); } finally { await mcp.close(); }
 */
export async function connectMcpStdio(
  server: StdioServerParameters,
  options: McpToolOptions = {},
): Promise<McpConnection> {
  return connect(
    new StdioClientTransport(server),
    `${server.command} ${(server.args ?? []).join(' ')}`.trim(),
    options,
  );
}

/**
 * Connects to an MCP server over streamable HTTP. `headers` (e.g. an `Authorization`) are sent with
 * every request and never appear in errors.
 *
 * @example
 * const mcp = await connectMcpHttp('http://127.0.0.1:3000/mcp', { headers: { Authorization: `Bearer ${token}` } });
 */
export async function connectMcpHttp(
  url: string | URL,
  options: McpToolOptions & { readonly headers?: Record<string, string> } = {},
): Promise<McpConnection> {
  const target = new URL(url);
  const transport = new StreamableHTTPClientTransport(target, {
    requestInit: options.headers ? { headers: options.headers } : undefined,
  });
  return connect(transport, `${target.origin}${target.pathname}`, options);
}

async function connect(transport: Transport, where: string, options: McpToolOptions): Promise<McpConnection> {
  const client = new Client(clientInfo);
  try {
    await client.connect(transport, { signal: options.signal });
  } catch (err) {
    await transport.close().catch(() => undefined);
    throw new DspyError('TOOL_ERROR', `Cannot connect to the MCP server ${where}: ${(err as Error).message}`, {
      cause: err,
    });
  }
  try {
    const tools = await toolsFromMcp(client, options);
    return { client, tools, close: () => client.close() };
  } catch (err) {
    await client.close().catch(() => undefined);
    throw err;
  }
}
