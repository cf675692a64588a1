import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { mapSpans } from '@core/conventions/map-span';
import { decodeOtlpTraces } from '@core/otlp/decode';
import { describe, expect, it } from 'vitest';
import { dumpObservations } from './dump';
import { fixtureFolders, fixtureFormat, repoRoot, traceFixtures } from './fixtures';

/**
 * Golden files: every OTLP trace request captured from a real SDK, decoded, mapped, merged and laid
 * out as a tree, rendered as text. Run with UPDATE_GOLDEN=1 to rewrite them, then review the diff.
 */

const goldenDir = resolve(repoRoot, 'test', 'golden');
const update = process.env.UPDATE_GOLDEN === '1';

function render(folder: string): string {
  const sections = traceFixtures(folder).map((f) => {
    const spans = decodeOtlpTraces(f.body, fixtureFormat(f.meta));
    return `## ${f.seq} POST ${f.meta.path} (${fixtureFormat(f.meta)}, ${spans.length} spans)\n\n${dumpObservations(mapSpans(spans))}`;
  });
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
