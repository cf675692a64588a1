import { COMMAND_HEADER, COMMANDS_HTTP_PREFIX, type CommandOp, type CommandOps } from '@core/commands/contract';

/**
 * Runs a command in the process that owns the receiver: over IPC in the desktop app, over HTTP (same origin) in
 * headless mode. Rejects with an Error whose message is meant for the user.
 */
export async function runCommand<K extends CommandOp>(
  op: K,
  arg: CommandOps[K]['arg'],
): Promise<CommandOps[K]['result']> {
  if (window.loupe) {
    const answer = await window.loupe.runCommand(op, arg);
    if ('error' in answer) throw new Error(answer.error);
    return answer.result as CommandOps[K]['result'];
  }
  let response: Response;
  try {
    response = await fetch(`${COMMANDS_HTTP_PREFIX}${op}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', [COMMAND_HEADER]: '1' },
      body: JSON.stringify({ arg }),
    });
  } catch {
    throw new Error('Loupe’s server cannot be reached: is `npm run serve` still running?');
  }
  let body: { result?: unknown; error?: string };
  try {
    body = (await response.json()) as { result?: unknown; error?: string };
  } catch {
    throw new Error(`Loupe’s server answered ${response.status} without a readable body`);
  }
  if (!response.ok || body.error !== undefined)
    throw new Error(body.error ?? `Loupe’s server answered ${response.status}`);
  return body.result as CommandOps[K]['result'];
}
