#!/usr/bin/env node
// loupe-mcp: Loupe's MCP server for coding agents that speak only stdio. It finds the running Loupe (the desktop
// app or `npm run serve`) through the serve.json in its data directory, reads the data directory's MCP token itself,
// and relays each JSON-RPC message between stdio and http://127.0.0.1:<port>/mcp. Nothing to configure: an agent runs
// `loupe-mcp` (or `node bin/loupe-mcp.mjs`), and when no Loupe runs, every request is answered with what to start.
import { readFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import { StdioServerTransport } from '@modelcontextprotocol/sdk/server/stdio.js';

const USAGE = `Usage: loupe-mcp [--data-dir <dir>]

Connects a coding agent (over stdio) to the running Loupe's MCP server. Without --data-dir it looks in
$LOUPE_DATA_DIR, then headless mode's default data directory, then the desktop app's.`;

/** Where a running Loupe may keep its serve.json and mcp-token, in the order they are tried. */
function candidateDirs(explicit) {
  if (explicit) return [explicit];
  if (process.env.LOUPE_DATA_DIR) return [process.env.LOUPE_DATA_DIR];
  const home = homedir();
  const headless = join(process.env.XDG_DATA_HOME || join(home, '.local', 'share'), 'loupe');
  const appData =
    process.platform === 'darwin'
      ? join(home, 'Library', 'Application Support')
      : process.platform === 'win32'
        ? process.env.APPDATA || join(home, 'AppData', 'Roaming')
        : process.env.XDG_CONFIG_HOME || join(home, '.config');
  // The packaged app is named Loupe; run from a checkout (npm run dev) it takes the package's name.
  return [headless, join(appData, 'Loupe'), join(appData, 'loupe')];
}

function isAlive(pid) {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return error.code === 'EPERM';
  }
}

/** The running Loupe's MCP URL and token, or a message saying why none was found. */
function locate(dirs) {
  const looked = [];
  for (const dir of dirs) {
    let server;
    try {
      server = JSON.parse(readFileSync(join(dir, 'serve.json'), 'utf8'));
    } catch {
      looked.push(`${dir} (no serve.json)`);
      continue;
    }
    if (!Number.isInteger(server.pid) || !isAlive(server.pid) || !Number.isInteger(server.port)) {
      looked.push(`${dir} (its Loupe, pid ${server.pid}, is not running)`);
      continue;
    }
    let token = null;
    try {
      token = readFileSync(join(dir, 'mcp-token'), 'utf8').trim();
    } catch (error) {
      return { error: `Loupe runs from ${dir}, but its mcp-token could not be read (${error.message})` };
    }
    const host = server.host === '0.0.0.0' || !server.host ? '127.0.0.1' : server.host === '::' ? '[::1]' : server.host;
    const name = host.includes(':') && !host.startsWith('[') ? `[${host}]` : host;
    return { url: `http://${name}:${server.port}/mcp`, token };
  }
  return {
    error: `Loupe is not running: start the Loupe desktop app, or npm run serve in Loupe's folder, then ask again (looked in ${looked.join('; ')})`,
  };
}

async function main() {
  let values;
  try {
    ({ values } = parseArgs({ options: { 'data-dir': { type: 'string' }, help: { type: 'boolean' } } }));
  } catch (error) {
    process.stderr.write(`loupe-mcp: ${error.message}\n\n${USAGE}\n`);
    process.exit(2);
  }
  if (values.help) {
    process.stdout.write(`${USAGE}\n`);
    return;
  }
  const dirs = candidateDirs(values['data-dir']);
  const stdio = new StdioServerTransport();
  /** The HTTP side, made on the first message and again after Loupe restarted (its port may have changed). */
  let upstream = null;

  const fail = (message, why) => {
    process.stderr.write(`loupe-mcp: ${why}\n`);
    if (message.id !== undefined && 'method' in message)
      void stdio.send({ jsonrpc: '2.0', id: message.id, error: { code: -32000, message: why } });
  };

  const connect = async () => {
    const found = locate(dirs);
    if (found.error) throw new Error(found.error);
    const transport = new StreamableHTTPClientTransport(new URL(found.url), {
      requestInit: { headers: { authorization: `Bearer ${found.token}` } },
    });
    transport.onmessage = (reply) => void stdio.send(reply);
    transport.onerror = (error) => process.stderr.write(`loupe-mcp: ${error.message}\n`);
    await transport.start();
    return transport;
  };

  stdio.onmessage = async (message) => {
    try {
      upstream ??= await connect();
      await upstream.send(message);
    } catch (error) {
      const current = upstream;
      upstream = null;
      void current?.close();
      const text = error instanceof Error ? error.message : String(error);
      const refused = /fetch failed|ECONNREFUSED/.test(text) || error?.cause?.code === 'ECONNREFUSED';
      fail(message, refused ? `Loupe stopped answering (${text}): start it again, then ask again` : text);
    }
  };
  stdio.onclose = () => {
    void upstream?.close();
    process.exit(0);
  };
  await stdio.start();
  // The agent closed its end: nothing more will come.
  process.stdin.on('end', () => {
    void upstream?.close();
    process.exit(0);
  });
}

main().catch((error) => {
  process.stderr.write(`loupe-mcp: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
