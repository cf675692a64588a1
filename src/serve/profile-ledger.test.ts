import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { browserName, ProfileLedger, profileIdOf } from './profile-ledger';

describe('the browser profiles that stored spans', () => {
  const dirs: string[] = [];
  const dir = () => {
    const d = mkdtempSync(join(tmpdir(), 'loupe-ledger-'));
    dirs.push(d);
    return d;
  };
  afterEach(() => {
    for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
  });

  it('names a browser as a user would', () => {
    expect(
      browserName(
        'Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36',
      ),
    ).toBe('Chrome 131 on Linux');
    expect(
      browserName(
        'Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) HeadlessChrome/131.0.0.0 Safari/537.36',
      ),
    ).toBe('Headless Chrome 131 on Linux');
    expect(browserName('Mozilla/5.0 (Macintosh; Intel Mac OS X 14.1; rv:133.0) Gecko/20100101 Firefox/133.0')).toBe(
      'Firefox 133 on macOS',
    );
    expect(
      browserName(
        'Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.2 Safari/605.1.15',
      ),
    ).toBe('Safari 17 on macOS');
    expect(
      browserName(
        'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36 Edg/131.0.0.0',
      ),
    ).toBe('Edge 131 on Windows');
    expect(browserName(undefined)).toBe('a browser');
  });

  it('takes only well-formed profile ids from the socket URL', () => {
    expect(profileIdOf('/ws?profile=abcdef0123456789')).toBe('abcdef0123456789');
    expect(profileIdOf('/ws?profile=short')).toBeNull();
    expect(profileIdOf('/ws?profile=%3Cscript%3E0123456789')).toBeNull();
    expect(profileIdOf('/ws')).toBeNull();
  });

  it("tells each page the other profiles' totals, newest first, and keeps them across restarts", () => {
    const dataDir = dir();
    const ledger = new ProfileLedger(dataDir);
    ledger.delivered('profile-aaaaaaaa', 'Chrome 131 on Linux', 10, 1000);
    ledger.delivered('profile-bbbbbbbb', 'Firefox 133 on Linux', 3, 2000);
    ledger.delivered('profile-aaaaaaaa', 'Chrome 131 on Linux', 5, 3000);
    expect(ledger.others('profile-bbbbbbbb')).toEqual([{ browser: 'Chrome 131 on Linux', spans: 15, lastAt: 3000 }]);
    expect(ledger.others(null).map((p) => p.spans)).toEqual([15, 3]);
    ledger.flush();
    const again = new ProfileLedger(dataDir);
    expect(again.others('profile-cccccccc')).toEqual(ledger.others('profile-cccccccc'));
  });

  it('starts over from an unreadable file instead of failing', () => {
    const dataDir = dir();
    const ledger = new ProfileLedger(dataDir);
    ledger.delivered('profile-aaaaaaaa', 'x', 1, 1);
    ledger.flush();
    expect(JSON.parse(readFileSync(join(dataDir, 'profiles.json'), 'utf8'))).toHaveLength(1);
    rmSync(join(dataDir, 'profiles.json'));
    expect(new ProfileLedger(dataDir).others(null)).toEqual([]);
  });
});
