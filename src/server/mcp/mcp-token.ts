import { randomBytes } from 'node:crypto';
import { chmodSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { sameSecret } from '../security/secret';

/**
 * The MCP endpoint's token: every request must carry it (`Authorization: Bearer <token>`), because the endpoint reads
 * prompts and completions and any local process or user can reach a loopback port. It is made once per data
 * directory and kept in `mcp-token` (mode 0600, in a 0700 directory), so an agent's configuration keeps working
 * across restarts, and only this user can read it: the stdio entry reads it itself, Connect shows it to Loupe's own
 * page.
 */

export const MCP_TOKEN_FILE = 'mcp-token';

/** 256 bits, URL-safe: fits in a header, a command line and a JSON config without quoting. */
const TOKEN_BYTES = 32;
const TOKEN_PATTERN = /^[A-Za-z0-9_-]{43}$/;

/** Reads the data directory's token, making one on first use; null (with the reason) when the file cannot be had. */
export function loadMcpToken(dataDir: string): { token: string | null; problem: string | null } {
  const path = join(dataDir, MCP_TOKEN_FILE);
  try {
    const existing = readFileSync(path, 'utf8').trim();
    if (TOKEN_PATTERN.test(existing)) {
      if ((statSync(path).mode & 0o077) !== 0) chmodSync(path, 0o600);
      return { token: existing, problem: null };
    }
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT')
      return { token: null, problem: `Loupe could not read ${path} (${(error as Error).message})` };
  }
  const token = randomBytes(TOKEN_BYTES).toString('base64url');
  try {
    writeFileSync(path, `${token}\n`, { mode: 0o600 });
    chmodSync(path, 0o600);
    return { token, problem: null };
  } catch (error) {
    return { token: null, problem: `Loupe could not write ${path} (${(error as Error).message})` };
  }
}

/** Whether `Authorization` carries the token, compared in constant time. */
export function hasToken(authorization: string | undefined, token: string): boolean {
  const match = /^Bearer\s+(\S+)\s*$/i.exec(authorization ?? '');
  if (!match) return false;
  return sameSecret(match[1] as string, token);
}
