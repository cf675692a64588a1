import type { McpConnection } from '@core/commands/contract';
import { useEffect, useState } from 'react';
import { CopyButton } from '../../components/CopyButton';
import { runCommand } from '../../lib/commands';
import { agentSnippets } from './agent-snippets';

/**
 * "Use Loupe from your coding agent": the MCP server's URL and a snippet per agent carrying the token. The token is
 * the data directory's (mcp-token): this page is Loupe's own, the only one the commands answer.
 */
export function AgentSnippets() {
  const [connection, setConnection] = useState<McpConnection | null>(null);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    let cancelled = false;
    runCommand('mcpConnection', null).then(
      (c) => !cancelled && setConnection(c),
      (e: unknown) => !cancelled && setError(`Could not read the MCP server's address: ${(e as Error).message}`),
    );
    return () => {
      cancelled = true;
    };
  }, []);
  if (error) return <p className="connect-error">{error}</p>;
  if (!connection) return null;
  const { url, token, enabled } = connection;
  return (
    <section className="connect-agents" data-testid="connect-agents">
      <h2>Use Loupe from your coding agent</h2>
      {!enabled && <p className="muted">The MCP server is off: turn it on in Settings → MCP server.</p>}
      {enabled && (!url || !token) && (
        <p className="connect-error">
          {url ? 'Loupe could not read or write its MCP token (see the notices).' : 'The receiver is not listening.'}
        </p>
      )}
      {enabled && url && token && (
        <>
          <p className="muted">
            Claude Code, Cursor, VS Code or Codex can read the traces stored here (read-only) through Loupe's MCP server
            at <code className="mono">{url}</code>. Add it with the snippet for your agent; the token stays the same
            across restarts. Agents that only start local commands can run <code>loupe-mcp</code> instead, which finds
            Loupe and its token by itself.
          </p>
          <div className="connect-snippets">
            {agentSnippets(url, token).map((s) => (
              <section className="connect-snippet" key={s.id} data-testid={`agent-${s.id}`}>
                <h2>{s.title}</h2>
                <div className="connect-code">
                  <div className="connect-code-head">
                    <span className="muted">{s.where}</span>
                    <CopyButton text={() => s.text} />
                  </div>
                  <pre className="code-block">{s.text}</pre>
                </div>
              </section>
            ))}
          </div>
        </>
      )}
    </section>
  );
}
