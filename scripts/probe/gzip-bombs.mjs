// Measures what parallel gzip bombs cost a headless Loupe in memory.
//
//   node scripts/probe/gzip-bombs.mjs [--bombs 6] [--gib 1] [--after 20] [--no-build]
//
// Starts `node scripts/serve.mjs --port 0 --grpc-port 0 --data-dir <tmp>` (building first when the build is stale;
// set LOUPE_OUT_DIR to build elsewhere than out/; `--no-build` runs the built main/serve.js as it is), waits for its ready line, then posts `--bombs` gzip bodies at once
// to 127.0.0.1, each `--gib` GiB of zeros when inflated (about 1 MB on the wire per GiB). It samples the server's
// resident memory (VmRSS of the node process running serve.js) every 100 ms and prints the statuses, the RSS before,
// the peak, and the RSS `--after` seconds after the last answer. The server and its data directory are removed at the
// end, whatever happens.
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { createGzip } from 'node:zlib';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');
const { values } = parseArgs({
  options: {
    bombs: { type: 'string', default: '6' },
    gib: { type: 'string', default: '1' },
    after: { type: 'string', default: '20' },
    'no-build': { type: 'boolean', default: false },
  },
});
const bombs = Number(values.bombs);
const gib = Number(values.gib);
const afterSeconds = Number(values.after);

/** A gzip of `gib` GiB of zeros, made in a stream so the probe itself never holds the inflated bytes. */
function makeBomb() {
  return new Promise((done, fail) => {
    const gzip = createGzip({ level: 9 });
    const out = [];
    gzip.on('data', (c) => out.push(c));
    gzip.on('end', () => done(Buffer.concat(out)));
    gzip.on('error', fail);
    const zeros = Buffer.alloc(1024 * 1024);
    let left = Math.round(gib * 1024);
    const pump = () => {
      while (left > 0) {
        left--;
        if (!gzip.write(zeros)) return gzip.once('drain', pump);
      }
      gzip.end();
    };
    pump();
  });
}

/** The pid of the node process running serve.js: the child of the serve.mjs wrapper. */
function serverPid(wrapperPid) {
  if (values['no-build']) return wrapperPid;
  const children = readFileSync(`/proc/${wrapperPid}/task/${wrapperPid}/children`, 'utf8').trim().split(/\s+/);
  return Number(children[0]);
}

function rssMiB(pid) {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const kib = Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? 0);
  return Math.round(kib / 1024);
}

function post(port, body) {
  return new Promise((done) => {
    const req = request(
      {
        host: '127.0.0.1',
        port,
        method: 'POST',
        path: '/v1/traces',
        headers: {
          'content-type': 'application/x-protobuf',
          'content-encoding': 'gzip',
          'content-length': body.length,
        },
      },
      (res) => {
        res.resume();
        res.on('end', () => done(res.statusCode));
      },
    );
    req.on('error', (error) => done(`error ${error.code ?? error.message}`));
    req.end(body);
  });
}

const sleep = (ms) => new Promise((done) => setTimeout(done, ms));

async function main() {
  const dataDir = mkdtempSync(join(tmpdir(), 'loupe-bombs-'));
  const outDir = resolve(root, process.env.LOUPE_OUT_DIR || 'out');
  const entry = values['no-build'] ? join(outDir, 'main', 'serve.js') : join(root, 'scripts', 'serve.mjs');
  const args = [entry, '--port', '0', '--grpc-port', '0', '--data-dir', dataDir];
  const child = spawn(process.execPath, args, { cwd: root, detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
  let log = '';
  const exited = new Promise((done) => child.once('exit', done));
  const stop = async () => {
    try {
      process.kill(-child.pid, 'SIGTERM');
    } catch {
      // Already gone.
    }
    // The server writes into its data directory until it exits.
    await exited;
    rmSync(dataDir, { recursive: true, force: true });
  };
  try {
    const url = await new Promise((done, fail) => {
      const timer = setTimeout(() => fail(new Error(`the server did not get ready in 300 s:\n${log}`)), 300_000);
      child.stdout.on('data', (chunk) => {
        log += chunk;
        const match = /listening on (http:\/\/\S+?)\/? /.exec(log);
        if (match) {
          clearTimeout(timer);
          done(match[1]);
        }
      });
      child.stderr.on('data', (chunk) => {
        log += chunk;
      });
      child.once('exit', (code) => fail(new Error(`the server exited with ${code}:\n${log}`)));
    });
    const port = Number(new URL(url).port);
    const pid = serverPid(child.pid);
    const bomb = await makeBomb();
    await sleep(2000);
    const before = rssMiB(pid);
    let peak = before;
    const sampler = setInterval(() => {
      peak = Math.max(peak, rssMiB(pid));
    }, 100);
    const started = Date.now();
    const statuses = await Promise.all(Array.from({ length: bombs }, () => post(port, bomb)));
    const answeredMs = Date.now() - started;
    const atAnswer = rssMiB(pid);
    await sleep(afterSeconds * 1000);
    clearInterval(sampler);
    const after = rssMiB(pid);
    console.log(
      `${bombs} gzip bombs of ${(bomb.length / 1e6).toFixed(2)} MB (${gib} GiB inflated each) against ${url}`,
    );
    console.log(`statuses: ${statuses.join(' ')} (all answered in ${answeredMs} ms)`);
    console.log(
      `server RSS: ${before} MiB before, peak ${peak} MiB, ${atAnswer} MiB at the last answer, ${after} MiB ${afterSeconds} s later`,
    );
  } finally {
    await stop();
  }
}

main().catch((error) => {
  console.error(error.message);
  process.exit(1);
});
