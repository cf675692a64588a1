import { mkdtempSync, readFileSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Settings } from '@core/commands/contract';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { SettingsFile } from './settings-file';

let dir: string;
let file: SettingsFile | null = null;
let edits = 0;

/** Writes settings.json as a hand edit would, with a distinct mtime each time. */
function edit(content: string): void {
  const path = join(dir, 'settings.json');
  writeFileSync(path, content);
  edits++;
  utimesSync(path, 1_700_000_000 + edits, 1_700_000_000 + edits);
}

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'loupe-settings-'));
});
afterEach(() => {
  file?.close();
  file = null;
  rmSync(dir, { recursive: true, force: true });
});

describe('SettingsFile: the one reader of settings.json', () => {
  it('reads a hand edit at the next read, keeping keys it does not know when it saves', () => {
    file = new SettingsFile(dir);
    expect(file.get().theme).toBe('system');
    edit(JSON.stringify({ theme: 'dark', myOwnKey: 1 }));
    expect(file.get().theme).toBe('dark');
    file.update({ notifications: true });
    expect(JSON.parse(readFileSync(join(dir, 'settings.json'), 'utf8'))).toMatchObject({
      theme: 'dark',
      notifications: true,
      myOwnKey: 1,
    });
  });

  it('tells its listeners of a save at once and of a hand edit once it watches', async () => {
    file = new SettingsFile(dir);
    const seen: Settings[] = [];
    file.onChange((settings) => seen.push(settings));
    file.update({ theme: 'light' });
    expect(seen.map((s) => s.theme)).toEqual(['light']);
    file.watch(20);
    // The watcher's first look at the file runs in the background, and what it finds there is where it starts from:
    // an edit made before that look (likely on a busy machine) is no change to it. So edit again until one is seen.
    await vi.waitFor(
      () => {
        if (seen.length < 2) edit(JSON.stringify({ theme: 'dark' }));
        const [saved, ...edited] = seen.map((s) => s.theme);
        expect(saved).toBe('light');
        expect(edited.length).toBeGreaterThan(0);
        expect(edited.every((theme) => theme === 'dark')).toBe(true);
      },
      { timeout: 30_000 },
    );
  }, 60_000);

  it('reports a file that is not JSON once, uses the defaults, refuses to save over it, and recovers when fixed', () => {
    const problems: string[] = [];
    edit('{"theme": "dark",');
    file = new SettingsFile(dir, (message) => problems.push(message));
    expect(file.get().theme).toBe('system');
    file.get();
    expect(problems).toHaveLength(1);
    expect(problems[0]).toMatch(/settings\.json could not be read .*: Loupe uses its default settings/);
    expect(() => file?.update({ theme: 'light' })).toThrow(/fix or remove it before saving settings/);
    expect(readFileSync(join(dir, 'settings.json'), 'utf8')).toBe('{"theme": "dark",');
    edit('[1, 2]');
    expect(file.get().theme).toBe('system');
    expect(problems[1]).toMatch(/does not hold a JSON object/);
    edit(JSON.stringify({ theme: 'dark' }));
    expect(file.get().theme).toBe('dark');
    expect(file.update({ theme: 'light' }).theme).toBe('light');
  });

  it('keeps the settings in memory without a data directory', () => {
    file = new SettingsFile(null);
    file.update({ port: 4400 });
    expect(file.get().port).toBe(4400);
  });
});
