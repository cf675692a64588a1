import type { IncomingMessage, ServerResponse } from 'node:http';
import { COMMAND_HEADER, COMMANDS_HTTP_PREFIX } from '@core/commands/contract';
import { CommandFailure, type Commands } from '../server/commands/commands';
import { parseMediaType } from '../server/receiver/media-type';
import { DEFAULT_LIMITS, ReceiverError, readBody } from '../server/receiver/read-body';

/** Import files can be big; everything else is small. */
const MAX_COMMAND_BODY_BYTES = 256 * 1024 * 1024;

function reply(res: ServerResponse, status: number, body: unknown): void {
  const text = JSON.stringify(body);
  res.writeHead(status, {
    'content-type': 'application/json; charset=utf-8',
    'content-length': String(Buffer.byteLength(text)),
    'cache-control': 'no-store',
  });
  res.end(text);
}

/**
 * `POST /api/loupe/commands/<op>` with a JSON body `{"arg": …}`: the page's commands in headless mode. Answers
 * `{"result": …}`, or `{"error": "<message>"}` with 400 (the command failed), 403 (not the page), 404 (no such
 * command), 405, 413 or 415. Returns false for other paths. The Host check has already run; `ownPage` says whether
 * the request comes from Loupe's own page, or else why not.
 */
export function handleCommandRequest(
  commands: Commands,
  req: IncomingMessage,
  res: ServerResponse,
  ownPage: (req: IncomingMessage) => string | null,
): boolean {
  const path = (req.url ?? '').split('?')[0] ?? '';
  if (!path.startsWith(COMMANDS_HTTP_PREFIX)) return false;
  void serve(commands, path.slice(COMMANDS_HTTP_PREFIX.length), req, res, ownPage).catch(() => res.destroy());
  return true;
}

async function serve(
  commands: Commands,
  op: string,
  req: IncomingMessage,
  res: ServerResponse,
  ownPage: (req: IncomingMessage) => string | null,
): Promise<void> {
  if (req.method !== 'POST') {
    res.setHeader('allow', 'POST');
    return reply(res, 405, { error: `use POST for ${COMMANDS_HTTP_PREFIX}${op}` });
  }
  const refused =
    req.headers[COMMAND_HEADER] !== '1' ? 'only the Loupe page served here may send commands' : ownPage(req);
  if (refused !== null) return reply(res, 403, { error: refused });
  if (parseMediaType(req.headers['content-type'])?.essence !== 'application/json') {
    return reply(res, 415, { error: 'commands take a JSON body (content-type: application/json)' });
  }
  let arg: unknown;
  try {
    const body = await readBody(req, 'identity', {
      ...DEFAULT_LIMITS,
      maxBodyBytes: MAX_COMMAND_BODY_BYTES,
      maxDecompressedBytes: MAX_COMMAND_BODY_BYTES,
    });
    const parsed = body.length === 0 ? {} : (JSON.parse(body.toString('utf8')) as unknown);
    arg = typeof parsed === 'object' && parsed !== null && 'arg' in parsed ? (parsed as { arg: unknown }).arg : null;
  } catch (error) {
    if (error instanceof ReceiverError) return reply(res, error.status, { error: error.message });
    return reply(res, 400, { error: `the body is not valid JSON: ${(error as Error).message}` });
  }
  try {
    reply(res, 200, { result: (await commands.run(op, arg)) ?? null });
  } catch (error) {
    const status = error instanceof CommandFailure ? error.status : 500;
    reply(res, status, { error: error instanceof Error ? error.message : String(error) });
  }
}
