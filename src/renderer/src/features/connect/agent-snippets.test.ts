import { describe, expect, it } from 'vitest';
import { agentSnippets } from './agent-snippets';

describe('agentSnippets', () => {
  const url = 'http://127.0.0.1:4319/mcp';
  const snippets = agentSnippets(url, 'tok_123');
  const byId = (id: string) => snippets.find((s) => s.id === id)?.text ?? '';

  it('gives Claude Code, Cursor, VS Code and Codex each one snippet with the real URL and the token', () => {
    expect(snippets.map((s) => s.id)).toEqual(['claude-code', 'cursor', 'vscode', 'codex']);
    for (const s of snippets) {
      expect(s.text).toContain(url);
      expect(s.text).toContain('Bearer tok_123');
    }
    expect(byId('claude-code')).toBe(
      'claude mcp add --transport http loupe http://127.0.0.1:4319/mcp --header "Authorization: Bearer tok_123"',
    );
  });

  it('writes the JSON configs as valid JSON under the key each agent reads', () => {
    expect(JSON.parse(byId('cursor')).mcpServers.loupe).toEqual({ url, headers: { Authorization: 'Bearer tok_123' } });
    expect(JSON.parse(byId('vscode')).servers.loupe).toEqual({
      type: 'http',
      url,
      headers: { Authorization: 'Bearer tok_123' },
    });
    expect(byId('codex')).toBe(
      '[mcp_servers.loupe]\nurl = "http://127.0.0.1:4319/mcp"\nhttp_headers = { Authorization = "Bearer tok_123" }',
    );
  });
});
