import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { ServerInfo } from '@core/wire/protocol';

/**
 * The desktop app's `serve.json`: the same shape headless mode writes to its data directory (pid, host, ports), so
 * `loupe-mcp` finds whichever Loupe runs with one rule. Mode 0600 like everything in the data directory.
 */
export const SERVER_FILE = 'serve.json';

/**
 * Writes the file, with `extra` fields beside the common ones (headless mode adds its page link); returns what removes
 * it again (unless another Loupe has written its own since).
 */
export function writeServerFile(dataDir: string, info: ServerInfo, extra: Record<string, string> = {}): () => void {
  const path = join(dataDir, SERVER_FILE);
  const content = {
    pid: process.pid,
    host: info.host,
    port: info.port,
    grpcPort: info.grpcPort,
    ...extra,
    startedAt: new Date().toISOString(),
  };
  try {
    rmSync(path, { force: true });
    writeFileSync(path, `${JSON.stringify(content, null, 2)}\n`, { mode: 0o600 });
  } catch {
    // Without the file only loupe-mcp's discovery is lost; agents configured with the URL still reach Loupe.
  }
  return () => {
    try {
      const { pid } = JSON.parse(readFileSync(path, 'utf8')) as { pid?: unknown };
      if (pid === process.pid) rmSync(path, { force: true });
    } catch {
      // Already gone or unreadable: nothing to clean up.
    }
  };
}
