import { readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { OtherProfile } from '@core/wire/protocol';

/**
 * Which browser profiles the headless server delivered spans to. In headless mode the traces live in the IndexedDB
 * of the browser profile whose page stored them; a page opened in another browser (or another profile) shows an
 * empty store while everything went elsewhere. The ledger lets that page say so, and where. It survives restarts
 * (`profiles.json` beside the spool), since the traces do too.
 */

/** A page names its profile with a random id it keeps in its own origin's storage. */
const PROFILE_ID = /^[A-Za-z0-9_-]{8,64}$/;
/** Enough for every browser a user has; the oldest are forgotten past this. */
const MAX_PROFILES = 20;
/** Acks come in bursts: the file is written at most this often. */
const WRITE_EVERY_MS = 2000;

interface Entry extends OtherProfile {
  id: string;
}

/** The profile id from a `/ws?profile=…` request, or null when absent or not one. */
export function profileIdOf(url: string | undefined): string | null {
  const id = new URL(url ?? '/', 'http://loupe.invalid').searchParams.get('profile');
  return id !== null && PROFILE_ID.test(id) ? id : null;
}

/** Browsers by their User-Agent token, most specific first (Edge and Opera also say Chrome, Chrome also says Safari). */
const BROWSERS: readonly [RegExp, string][] = [
  [/\bEdg\/(\d+)/, 'Edge'],
  [/\bOPR\/(\d+)/, 'Opera'],
  [/\bFirefox\/(\d+)/, 'Firefox'],
  [/HeadlessChrome\/(\d+)/, 'Headless Chrome'],
  [/\bChromium\/(\d+)/, 'Chromium'],
  [/\bChrome\/(\d+)/, 'Chrome'],
  [/\bVersion\/(\d+)[^)]*\bSafari\//, 'Safari'],
];

/** "Chrome 131 on Linux" from a User-Agent, as a user would name their browser; "a browser" when unknown. */
export function browserName(userAgent: string | undefined): string {
  const ua = userAgent ?? '';
  let name = 'a browser';
  for (const [pattern, label] of BROWSERS) {
    const match = pattern.exec(ua);
    if (match) {
      name = `${label} ${match[1]}`;
      break;
    }
  }
  const os = /Windows/.test(ua) ? 'Windows' : /Mac OS X/.test(ua) ? 'macOS' : /Linux/.test(ua) ? 'Linux' : null;
  return os ? `${name} on ${os}` : name;
}

export class ProfileLedger {
  private entries: Entry[] = [];
  private timer: NodeJS.Timeout | null = null;
  private readonly path: string;

  constructor(dataDir: string) {
    this.path = join(dataDir, 'profiles.json');
    try {
      const raw = JSON.parse(readFileSync(this.path, 'utf8')) as unknown;
      if (Array.isArray(raw)) this.entries = raw.filter(isEntry).slice(0, MAX_PROFILES);
    } catch {
      // None yet, or unreadable: it only feeds a hint, so start over.
    }
  }

  /** The profile acked `spans` spans just now. */
  delivered(id: string, browser: string, spans: number, now = Date.now()): void {
    if (spans <= 0) return;
    const existing = this.entries.find((e) => e.id === id);
    const entry = existing ?? { id, browser, spans: 0, lastAt: now };
    entry.spans += spans;
    entry.lastAt = now;
    entry.browser = browser;
    this.entries = [entry, ...this.entries.filter((e) => e !== entry)].slice(0, MAX_PROFILES);
    this.timer ??= setTimeout(() => this.flush(), WRITE_EVERY_MS);
    this.timer.unref();
  }

  /** The other profiles that got spans, newest first; null `id` (a page that named none) gets all of them. */
  others(id: string | null): OtherProfile[] {
    return this.entries.filter((e) => e.id !== id).map(({ browser, spans, lastAt }) => ({ browser, spans, lastAt }));
  }

  flush(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    try {
      writeFileSync(`${this.path}.tmp`, JSON.stringify(this.entries), { mode: 0o600 });
      renameSync(`${this.path}.tmp`, this.path);
    } catch {
      // A hint only: losing it loses nothing stored.
    }
  }
}

function isEntry(value: unknown): value is Entry {
  const e = value as Partial<Entry> | null;
  return (
    typeof e === 'object' &&
    e !== null &&
    typeof e.id === 'string' &&
    PROFILE_ID.test(e.id) &&
    typeof e.browser === 'string' &&
    Number.isFinite(e.spans) &&
    Number.isFinite(e.lastAt)
  );
}
