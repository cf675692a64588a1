import type { IncomingMessage, ServerResponse } from 'node:http';
import { StreamableHTTPServerTransport } from '@modelcontextprotocol/sdk/server/streamableHttp.js';
import { ClientGoneError, DEFAULT_LIMITS, ReceiverError, readBody } from '../receiver/read-body';
import { isAllowedHost, isOwnOrigin } from '../security/host-check';
import { type Credentials, isAuthorized } from '../settings/credentials';
import { createMcpServer } from './mcp-server';
import { hasToken } from './mcp-token';
import type { StoreQueries } from './store-queries';

/**
 * `/mcp` on the receiver's port: Loupe's MCP server over Streamable HTTP, for coding agents on this machine.
 *
 * The spec's rules for a local server, and Loupe's (docs/security.md): a `Host` that does not name this Loupe gets 403
 * (DNS rebinding); any `Origin` other than Loupe's own gets 403, so no web page can drive it through the browser;
 * every request carries the data directory's MCP token (or, when set, the receiver's keys), else 401. Stateless, as
 * the SDK recommends for a server that keeps nothing between requests: each POST gets its own server and transport.
 */

export const MCP_PATH = '/mcp';
/** A JSON-RPC request is small; a client sending more is not one of ours. */
const MAX_BODY_BYTES = 1024 * 1024;
const BODY_LIMITS = { ...DEFAULT_LIMITS, maxBodyBytes: MAX_BODY_BYTES, maxDecompressedBytes: MAX_BODY_BYTES };

export interface McpRouteOptions {
  boundHost: string;
  /** The data directory's token; null when it could not be had (then only the receiver's keys open the endpoint). */
  token: string | null;
  credentials: () => Credentials | null;
  /** Settings → MCP server. */
  enabled: () => boolean;
  queries: StoreQueries;
  version: string;
}

function refuse(res: ServerResponse, status: number, message: string, headers: Record<string, string> = {}): void {
  const body = JSON.stringify({ jsonrpc: '2.0', error: { code: -32000, message }, id: null });
  res.writeHead(status, {
    'content-type': 'application/json',
    'content-length': String(Buffer.byteLength(body)),
    ...headers,
  });
  res.end(body);
}

/** The body as JSON, read by the receiver's reader within the size limit; a refusal names what was wrong. */
async function readJson(
  req: IncomingMessage,
): Promise<{ ok: true; value: unknown } | { ok: false; status: number; message: string }> {
  let raw: Buffer;
  try {
    raw = await readBody(req, 'identity', BODY_LIMITS);
  } catch (error) {
    if (error instanceof ReceiverError && error.status === 413)
      return { ok: false, status: 413, message: `an MCP request may be at most ${MAX_BODY_BYTES} bytes` };
    throw error;
  }
  try {
    return { ok: true, value: JSON.parse(raw.toString('utf8')) };
  } catch {
    return { ok: false, status: 400, message: 'the body is not JSON: send a JSON-RPC message' };
  }
}

export function createMcpRoute(options: McpRouteOptions): (req: IncomingMessage, res: ServerResponse) => boolean {
  const authorized = (req: IncomingMessage) => {
    const header = req.headers.authorization;
    if (options.token !== null && hasToken(header, options.token)) return true;
    const keys = options.credentials();
    return keys !== null && isAuthorized(header, keys);
  };

  const serve = async (req: IncomingMessage, res: ServerResponse) => {
    const body = await readJson(req);
    if (!body.ok) return refuse(res, body.status, body.message);
    const server = createMcpServer(options.queries, options.version);
    const transport = new StreamableHTTPServerTransport({ sessionIdGenerator: undefined, enableJsonResponse: true });
    res.on('close', () => {
      void transport.close();
      void server.close();
    });
    await server.connect(transport);
    await transport.handleRequest(req, res, body.value);
  };

  return (req, res) => {
    if ((req.url ?? '/').split('?', 1)[0] !== MCP_PATH) return false;
    if (!isAllowedHost(req.headers.host, options.boundHost)) {
      refuse(res, 403, 'Forbidden: the Host header does not name this Loupe');
      return true;
    }
    // Only Loupe's own page may send an Origin: any other web page is refused.
    const origin = req.headers.origin;
    if (origin !== undefined && !isOwnOrigin(origin, req.headers.host)) {
      refuse(res, 403, `Forbidden: web pages (Origin ${JSON.stringify(origin)}) may not use Loupe's MCP server`);
      return true;
    }
    if (!options.enabled()) {
      refuse(res, 404, "Loupe's MCP server is off: turn it on in Loupe's Settings → MCP server");
      return true;
    }
    if (!authorized(req)) {
      refuse(
        res,
        401,
        "Unauthorized: send Authorization: Bearer <token>, the token in the mcp-token file of Loupe's data directory (Loupe's Connect page shows it with ready-made configurations), or use the loupe-mcp command, which reads it itself",
        { 'www-authenticate': 'Bearer realm="loupe"' },
      );
      return true;
    }
    if (req.method !== 'POST') {
      refuse(res, 405, 'Loupe serves MCP statelessly: send each JSON-RPC message as a POST', { allow: 'POST' });
      return true;
    }
    serve(req, res).catch((error: unknown) => {
      if (error instanceof ClientGoneError) return;
      if (res.headersSent) res.destroy();
      else refuse(res, 500, `Loupe's MCP server failed: ${error instanceof Error ? error.message : String(error)}`);
    });
    return true;
  };
}
