/**
 * How to add Loupe's MCP server to each coding agent, with the real URL and token: one line or one file snippet per
 * agent, in the form its documentation gives. Codex's stdio alternative (`loupe-mcp`) needs no token in the config.
 */

export interface AgentSnippet {
  id: string;
  title: string;
  /** Where the snippet goes: a shell, or a file and the key to merge it under. */
  where: string;
  text: string;
}

export function agentSnippets(url: string, token: string): AgentSnippet[] {
  const authorization = `Bearer ${token}`;
  const json = (value: unknown) => JSON.stringify(value, null, 2);
  return [
    {
      id: 'claude-code',
      title: 'Claude Code',
      where: 'Run in a terminal',
      text: `claude mcp add --transport http loupe ${url} --header "Authorization: ${authorization}"`,
    },
    {
      id: 'cursor',
      title: 'Cursor',
      where: 'In ~/.cursor/mcp.json (or .cursor/mcp.json in a project), under "mcpServers"',
      text: json({ mcpServers: { loupe: { url, headers: { Authorization: authorization } } } }),
    },
    {
      id: 'vscode',
      title: 'VS Code (Copilot agent mode)',
      where: 'In .vscode/mcp.json, under "servers"',
      text: json({ servers: { loupe: { type: 'http', url, headers: { Authorization: authorization } } } }),
    },
    {
      id: 'codex',
      title: 'Codex',
      where: 'In ~/.codex/config.toml',
      text: `[mcp_servers.loupe]\nurl = "${url}"\nhttp_headers = { Authorization = "${authorization}" }`,
    },
  ];
}
