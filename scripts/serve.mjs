// `npm run serve`: builds what headless mode needs when the build is missing or older than the sources, then runs
// the built server with node, passing arguments, signals and the exit code through.
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { buildIfStale } from './build-if-stale.mjs';
import { runChild } from './run-child.mjs';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
/** `LOUPE_OUT_DIR` builds elsewhere than out/, so separate checkouts' test runs never rebuild under each other. */
const outDir = resolve(root, process.env.LOUPE_OUT_DIR || 'out');
const serveEntry = join(outDir, 'main', 'serve.js');

async function main() {
  await buildIfStale({
    outDir,
    outputs: ['main/serve.js', 'renderer/index.html'],
    onBuild: () => console.error('Loupe: building…'),
  });

  runChild(process.execPath, [serveEntry, ...process.argv.slice(2)]);
}

main().catch((error) => {
  console.error(`Loupe: ${error.message}`);
  process.exit(1);
});
