import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { urlHost } from '../server/receiver/listen';
import { parseServeArgs, USAGE, UsageError } from './args';
import { ServeStartError, startServe } from './server';

/** Headless Loupe (`npm run serve`): the receiver, the store worker's WebSocket and the built UI on one port. */

/** This file is built to out/main/serve.js; the renderer build sits beside it in out/renderer. */
const RENDERER_DIR = fileURLToPath(new URL('../renderer/', import.meta.url));
/** The thread that decodes received bodies, built beside this file. */
const CONVERT_WORKER = fileURLToPath(new URL('./convert-worker.js', import.meta.url));
/** After SIGTERM, how long a stuck connection may delay the exit. */
const FORCE_EXIT_MS = 5000;

async function main(): Promise<number | null> {
  let options: ReturnType<typeof parseServeArgs>;
  try {
    options = parseServeArgs(process.argv.slice(2));
  } catch (error) {
    if (!(error instanceof UsageError)) throw error;
    console.error(`Loupe: ${error.message}\n\n${USAGE}`);
    return 2;
  }
  if (!options) {
    console.log(USAGE);
    return 0;
  }
  if (!existsSync(join(RENDERER_DIR, 'index.html'))) {
    console.error(`Loupe: the UI is not built (${RENDERER_DIR} has no index.html); run npm run build`);
  }

  let handle: Awaited<ReturnType<typeof startServe>>;
  try {
    handle = await startServe(options, RENDERER_DIR, undefined, CONVERT_WORKER);
  } catch (error) {
    if (!(error instanceof ServeStartError)) throw error;
    console.error(`Loupe: ${error.message}`);
    return 1;
  }
  // The same messages the page shows as notices: here they reach whoever started the server.
  for (const problem of handle.problems) console.error(`Loupe: ${problem}`);
  if (handle.portMessage) console.error(`Loupe: ${handle.portMessage}`);
  if (handle.grpcPortMessage) console.error(`Loupe: ${handle.grpcPortMessage}`);
  const url = `http://${urlHost(options.host)}:${handle.info.port}`;
  const grpc = handle.info.grpcPort === null ? '' : `, OTLP/gRPC: ${urlHost(options.host)}:${handle.info.grpcPort}`;
  console.log(`Loupe is listening on ${url}/ (OTLP endpoint: ${url}${grpc})`);
  // The link carries this launch's key: only a browser that opened it may read and store what arrives.
  console.log(`Open Loupe in your browser: ${handle.pageUrl}`);

  let closing = false;
  const shutdown = () => {
    // Ctrl-C reaches both `npm run serve` and this process, so a second signal is normal: close only once.
    if (closing) return;
    closing = true;
    setTimeout(() => process.exit(1), FORCE_EXIT_MS).unref();
    handle.close().then(() => process.exit(0));
  };
  process.on('SIGINT', shutdown);
  process.on('SIGTERM', shutdown);
  return null;
}

main().then(
  (code) => {
    if (code !== null) process.exitCode = code;
  },
  (error: unknown) => {
    console.error(`Loupe: could not start: ${error instanceof Error ? error.message : String(error)}`);
    process.exitCode = 1;
  },
);
