// Explicit export list: what is not here is internal.
export { toolsFromMcp, mcpTool, convertMcpResult } from './tools-from-mcp';
export type { McpToolClient, McpToolInfo, McpToolOptions, McpCallToolResult } from './tools-from-mcp';
export { connectMcpStdio, connectMcpHttp } from './connect';
export type { McpConnection } from './connect';
