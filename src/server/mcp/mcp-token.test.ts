import { chmodSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { hasToken, loadMcpToken } from './mcp-token';
import { writeServerFile } from './server-file';

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'loupe-mcp-token-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

describe('the MCP token', () => {
  it('is made once per data directory, kept readable by the user only, and the same at the next start', () => {
    const first = loadMcpToken(dir);
    expect(first.problem).toBeNull();
    expect(first.token).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(statSync(join(dir, 'mcp-token')).mode & 0o777).toBe(0o600);
    expect(loadMcpToken(dir).token).toBe(first.token);
  });

  it('closes up a token file others could read, and replaces one that is not a token', () => {
    writeFileSync(join(dir, 'mcp-token'), 'not a token\n');
    const made = loadMcpToken(dir).token as string;
    expect(made).toMatch(/^[A-Za-z0-9_-]{43}$/);
    chmodSync(join(dir, 'mcp-token'), 0o644);
    expect(loadMcpToken(dir).token).toBe(made);
    expect(statSync(join(dir, 'mcp-token')).mode & 0o777).toBe(0o600);
  });

  it('is checked as a bearer token, exactly', () => {
    const token = 'a'.repeat(43);
    expect(hasToken(`Bearer ${token}`, token)).toBe(true);
    expect(hasToken(`bearer ${token}`, token)).toBe(true);
    expect(hasToken(`Bearer ${token}x`, token)).toBe(false);
    expect(hasToken(`Basic ${token}`, token)).toBe(false);
    expect(hasToken(undefined, token)).toBe(false);
  });
});

describe("the desktop app's serve.json", () => {
  it('says where this process listens, and is removed only by the process that wrote it', () => {
    const remove = writeServerFile(dir, {
      host: '127.0.0.1',
      port: 4318,
      endpoint: 'http://127.0.0.1:4318',
      grpcPort: 4317,
    });
    const written = JSON.parse(readFileSync(join(dir, 'serve.json'), 'utf8'));
    expect(written).toMatchObject({ pid: process.pid, host: '127.0.0.1', port: 4318, grpcPort: 4317 });
    expect(statSync(join(dir, 'serve.json')).mode & 0o777).toBe(0o600);
    writeFileSync(join(dir, 'serve.json'), JSON.stringify({ pid: process.pid + 1, port: 4319 }));
    remove();
    expect(JSON.parse(readFileSync(join(dir, 'serve.json'), 'utf8')).port).toBe(4319);
  });
});
