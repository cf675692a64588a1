import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
// electron-builder's own loader and schema check (app-builder-lib is its engine): what `npm run package` runs first.
import { getConfig, validateConfiguration } from 'app-builder-lib/out/util/config/config.js';
import { DebugLogger } from 'builder-util';
import type { Configuration } from 'electron-builder';
import { describe, expect, it } from 'vitest';
import { repoRoot } from '../e2e/harness';

/** Minimal glob matching for electron-builder's `files` patterns (`**`, `*`, `{a,b}`, leading `!`). */
function matcher(pattern: string): RegExp {
  let re = '';
  for (let i = 0; i < pattern.length; i++) {
    const c = pattern[i] as string;
    if (c === '*' && pattern[i + 1] === '*') {
      re += '.*';
      i++;
      if (pattern[i + 1] === '/') i++;
    } else if (c === '*') re += '[^/]*';
    else if (c === '{') re += '(?:';
    else if (c === '}') re += ')';
    else if (c === ',') re += '|';
    else re += c.replace(/[.+?^$()|[\]\\]/g, '\\$&');
  }
  return new RegExp(`^${re}$`);
}

/** Whether a path of the project ends up in the app: the last matching pattern decides, as in electron-builder. */
function packaged(files: string[], path: string): boolean {
  let included = false;
  for (const pattern of files) {
    const negated = pattern.startsWith('!');
    if (matcher(negated ? pattern.slice(1) : pattern).test(path)) included = !negated;
  }
  return included;
}

const load = async (): Promise<Configuration> => getConfig(repoRoot, null, null);

describe('electron-builder configuration', () => {
  // Loading app-builder-lib's schema and validating against it reads and compiles a large JSON schema: seconds of
  // I/O and CPU on an idle machine, many more when other tests share the cores, so not the default 5 s.
  it('passes electron-builder’s own schema validation', { timeout: 120_000 }, async () => {
    const config = await load();
    await expect(validateConfiguration(config, new DebugLogger(false))).resolves.toBeUndefined();
    expect(config).toMatchObject({ appId: 'dev.loupe.desktop', productName: 'Loupe' });
  });

  it('builds a dmg and a zip for macOS, an NSIS installer for Windows, an AppImage and a deb for Linux', async () => {
    const config = await load();
    expect(config.mac?.target).toEqual(['dmg', 'zip']);
    expect(config.mac?.category).toBe('public.app-category.developer-tools');
    expect(config.win?.target).toEqual(['nsis']);
    expect(config.linux?.target).toEqual(['AppImage', 'deb']);
    for (const platform of [config.mac, config.win, config.linux]) expect(platform?.icon).toBe('build/icon.png');
  });

  it('packages the built app and leaves sources and tests out', async () => {
    // The loader normalizes the list into file sets: `[{filter: [...]}]`.
    const sets = (await load()).files as { filter: string[] }[];
    expect(sets).toHaveLength(1);
    const files = sets[0]?.filter ?? [];
    expect(files).toContain('out/**');
    for (const path of ['out/main/index.js', 'out/preload/index.cjs', 'out/renderer/index.html', 'package.json']) {
      expect(packaged(files, path), path).toBe(true);
    }
    for (const path of [
      'src/main/index.ts',
      'src/renderer/src/App.tsx',
      'test/e2e/compare.spec.ts',
      'docs/screenshot.png',
      'build/icon.svg',
      'out/main/index.js.map',
      'README.md',
      'out-desktop/main/index.js',
    ]) {
      expect(packaged(files, path), path).toBe(false);
    }
  });

  it('has a 1024×1024 icon, and a script that builds the app first', () => {
    const png = readFileSync(join(repoRoot, 'build', 'icon.png'));
    expect(png.subarray(1, 4).toString()).toBe('PNG');
    expect([png.readUInt32BE(16), png.readUInt32BE(20)]).toEqual([1024, 1024]);
    expect(existsSync(join(repoRoot, 'build', 'icon.svg'))).toBe(true);
    const scripts = JSON.parse(readFileSync(join(repoRoot, 'package.json'), 'utf8')).scripts as Record<string, string>;
    expect(scripts.package).toBe('electron-vite build && electron-builder');
  });
});
