// The least a receiver bound by "2xx only once the body is fsync'd" can do: read each body, append it to a file and
// answer once an fdatasync covering it is done. One fdatasync at a time, covering every body appended meanwhile
// (group commit); no parsing, no checksum, no bookkeeping. The ingest bench measures it beside Loupe.
import { mkdtempSync, rmSync } from 'node:fs';
import { open } from 'node:fs/promises';
import { createServer } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const dir = mkdtempSync(join(tmpdir(), 'loupe-bench-durable-'));
const file = await open(join(dir, 'append.log'), 'a');
let queue = [];
let committing = false;

async function commit() {
  committing = true;
  while (queue.length > 0) {
    const group = queue;
    queue = [];
    let status = 200;
    try {
      await file.writev(group.map((item) => item.body));
      await file.datasync();
    } catch {
      status = 500;
    }
    for (const item of group) item.answer(status);
  }
  committing = false;
}

const server = createServer((req, res) => {
  const chunks = [];
  req.on('data', (chunk) => chunks.push(chunk));
  req.on('end', () => {
    queue.push({
      body: Buffer.concat(chunks),
      answer: (status) => {
        res.writeHead(status, { 'content-type': 'application/json' });
        res.end('{}');
      },
    });
    if (!committing) void commit();
  });
});

const stop = () => {
  rmSync(dir, { recursive: true, force: true });
  process.exit(0);
};
process.on('SIGTERM', stop);
process.on('SIGINT', stop);
server.listen(0, '127.0.0.1', () => console.log(`listening on http://127.0.0.1:${server.address().port}`));
