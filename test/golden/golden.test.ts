import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { mapSpans } from '@core/conventions/map-span';
import { mapLogRecords } from '@core/logs/map-logs';
import { decodeOtlpTraces } from '@core/otlp/decode';
import { decodeOtlpLogs } from '@core/otlp/decode-logs';
import { describe, expect, it } from 'vitest';
import { dumpLogRecords, dumpObservations } from './dump';
import { fixtureFolders, fixtureFormat, loadJoined, logFixtures, repoRoot, traceFixtures } from './fixtures';

/**
 * Golden files: every OTLP trace request captured from a real SDK, decoded, mapped, merged and laid
 * out as a tree, rendered as text; log requests as their records, and then the spans again with the records joined
 * (what the store shows). Run with UPDATE_GOLDEN=1 to rewrite them, then review the diff.
 */

const goldenDir = resolve(repoRoot, 'test', 'golden');
const update = process.env.UPDATE_GOLDEN === '1';

function render(folder: string): string {
  const sections = traceFixtures(folder).map((f) => {
    const spans = decodeOtlpTraces(f.body, fixtureFormat(f.meta));
    return `## ${f.seq} POST ${f.meta.path} (${fixtureFormat(f.meta)}, ${spans.length} spans)\n\n${dumpObservations(mapSpans(spans))}`;
  });
  const logs = logFixtures(folder);
  for (const f of logs) {
    const { records } = mapLogRecords(decodeOtlpLogs(f.body, fixtureFormat(f.meta)), 0);
    sections.push(
      `## ${f.seq} POST ${f.meta.path} (${fixtureFormat(f.meta)}, ${records.length} log records)\n\n${dumpLogRecords(records)}`,
    );
  }
  if (logs.length > 0)
    sections.push(`## all spans with their log records joined\n\n${dumpObservations(loadJoined(folder))}`);
  return sections.join('\n');
}

describe('golden dumps of real SDK payloads', () => {
  for (const folder of fixtureFolders()) {
    if (traceFixtures(folder).length === 0) continue;
    it(folder, () => {
      const actual = render(folder);
      const file = resolve(goldenDir, `${folder}.golden.txt`);
      if (update || !existsSync(file)) {
        writeFileSync(file, actual);
        if (!update) throw new Error(`wrote missing golden file ${file}; review it and run again`);
        return;
      }
      expect(actual).toBe(readFileSync(file, 'utf8'));
    });
  }
});
