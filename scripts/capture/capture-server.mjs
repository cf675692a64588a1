import fs from 'node:fs';
import http from 'node:http';

/**
 * A tiny capture server on 127.0.0.1: every request becomes `NNN.body` (the bytes exactly as sent, gzip kept) and
 * `NNN.meta.json` (method, path, content headers, package versions, span or log record count), the format of
 * test/fixtures/otlp. It answers like an OTLP receiver: `{}` for JSON, an empty body for protobuf (an empty
 * ExportTraceServiceResponse or ExportLogsServiceResponse, both with no field set).
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
        const parsed = JSON.parse(body);
        summary = req.url.endsWith('/v1/logs')
          ? { kind: 'otlp-json', logRecords: count(parsed.resourceLogs, 'scopeLogs', 'logRecords') }
          : { kind: 'otlp-json', spans: count(parsed.resourceSpans, 'scopeSpans', 'spans') };
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

/** Items two levels down an OTLP JSON body: `resourceSpans[].scopeSpans[].spans` or `resourceLogs[].scopeLogs[].logRecords`. */
function count(resources, scopesKey, itemsKey) {
  let n = 0;
  for (const r of resources ?? []) for (const s of r[scopesKey] ?? []) n += s[itemsKey]?.length ?? 0;
  return n;
}

/** `name@version` of a package installed next to the script (run from the scratch directory). */
export function versionOf(pkg) {
  return `${pkg}@${JSON.parse(fs.readFileSync(`node_modules/${pkg}/package.json`, 'utf8')).version}`;
}
