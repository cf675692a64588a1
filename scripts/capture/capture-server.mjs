import fs from 'node:fs';
import http from 'node:http';

/**
 * A tiny capture server on 127.0.0.1: every request becomes `NNN.body` (the bytes exactly as sent, gzip kept) and
 * `NNN.meta.json` (method, path, content headers, package versions, span count), the format of test/fixtures/otlp.
 * It answers like an OTLP receiver: `{}` for JSON, an empty ExportTraceServiceResponse for protobuf.
 */
export async function startCaptureServer({ out, scenario, description, mainPackages }) {
  fs.mkdirSync(out, { recursive: true });
  let seq = 0;
  const server = http.createServer((req, res) => {
    const chunks = [];
    req.on('data', (c) => chunks.push(c));
    req.on('end', () => {
      const body = Buffer.concat(chunks);
      const n = String(++seq).padStart(3, '0');
      fs.writeFileSync(`${out}/${n}.body`, body);
      const type = req.headers['content-type'] ?? null;
      const json = (type ?? '').includes('json');
      let summary = { kind: json ? 'otlp-json' : 'otlp-protobuf' };
      if (json && !req.headers['content-encoding']) {
        let spans = 0;
        for (const rs of JSON.parse(body).resourceSpans ?? [])
          for (const ss of rs.scopeSpans ?? []) spans += ss.spans.length;
        summary = { kind: 'otlp-json', spans };
      }
      const meta = {
        scenario,
        description,
        seq: Number(n),
        method: req.method,
        path: req.url,
        headers: { 'content-type': type, 'content-encoding': req.headers['content-encoding'] ?? null },
        mainPackages,
        node: process.version,
        summary,
      };
      fs.writeFileSync(`${out}/${n}.meta.json`, `${JSON.stringify(meta, null, 2)}\n`);
      if (json) res.writeHead(200, { 'content-type': 'application/json' }).end('{}');
      else res.writeHead(200, { 'content-type': 'application/x-protobuf' }).end();
    });
  });
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { server, url: `http://127.0.0.1:${server.address().port}` };
}

/** `name@version` of a package installed next to the script (run from the scratch directory). */
export function versionOf(pkg) {
  return `${pkg}@${JSON.parse(fs.readFileSync(`node_modules/${pkg}/package.json`, 'utf8')).version}`;
}
