import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { settingsView } from '@core/settings/settings';
import { afterEach, describe, expect, it } from 'vitest';
import { SettingsFile } from '../settings/settings-file';
import { CommandFailure, createCommands } from './commands';

const dirs: string[] = [];
function dataDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'loupe-settings-'));
  dirs.push(dir);
  return dir;
}
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

describe('SettingsFile', () => {
  it('saves a valid patch to settings.json, keeping keys it does not know', () => {
    const dir = dataDir();
    writeFileSync(join(dir, 'settings.json'), JSON.stringify({ futureKey: 42, theme: 'light' }));
    const store = new SettingsFile(dir);
    const seen: string[] = [];
    store.onChange((s) => seen.push(s.theme));
    store.update({ theme: 'dark', retention: { maxAgeDays: 3 } });
    const file = JSON.parse(readFileSync(join(dir, 'settings.json'), 'utf8'));
    expect(file).toMatchObject({ futureKey: 42, theme: 'dark', retention: { maxAgeDays: 3, maxBytes: null } });
    expect(seen).toEqual(['dark']);
    expect(new SettingsFile(dir).get().theme).toBe('dark');
  });

  it('changes nothing when a patch is invalid', () => {
    const dir = dataDir();
    const store = new SettingsFile(dir);
    store.update({ port: 4400 });
    expect(() => store.update({ port: 4500, theme: 'neon' })).toThrow(/theme/);
    expect(store.get().port).toBe(4400);
  });

  it('picks up a hand edit of the file', () => {
    const dir = dataDir();
    const store = new SettingsFile(dir);
    writeFileSync(join(dir, 'settings.json'), JSON.stringify({ notifications: true }));
    expect(store.get().notifications).toBe(true);
  });

  it('works in memory without a data directory', () => {
    const store = new SettingsFile(null);
    expect(store.update({ theme: 'dark' }).theme).toBe('dark');
  });
});

describe('commands dispatch', () => {
  it('runs registered ops and reports unknown or unavailable ones as 404', async () => {
    const commands = createCommands();
    commands.register('getSettings', () => settingsView(new SettingsFile(null).get()));
    await expect(commands.run('getSettings', null)).resolves.toMatchObject({ port: 4318 });
    await expect(commands.run('rm -rf', null)).rejects.toMatchObject({
      status: 404,
      message: 'unknown command "rm -rf"',
    });
    await expect(commands.run('importFile', null)).rejects.toBeInstanceOf(CommandFailure);
  });

  it('turns a failing handler into a 400 with its message', async () => {
    const commands = createCommands();
    const store = new SettingsFile(null);
    commands.register('updateSettings', (patch) => settingsView(store.update(patch)));
    await expect(commands.run('updateSettings', { port: 0 })).rejects.toMatchObject({
      status: 400,
      message: expect.stringMatching(/port/),
    });
  });
});
