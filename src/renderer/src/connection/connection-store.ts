import type { Backlog, Notice, OtherProfile, ServerInfo } from '@core/wire/protocol';
import { create } from 'zustand';

import type { ConnectionStatus } from '../store/store-worker-messages';
import { addSample, type DrainSample, drainRate, isBacklogged } from './drain';

export type { ConnectionStatus };

/** How many notices to keep: enough to see what went wrong recently, bounded so a flood cannot grow memory. */
const MAX_NOTICES = 100;
/** Views re-query on every revision; at most five refreshes a second keeps a busy stream cheap. */
const REVISION_INTERVAL_MS = 200;

interface ConnectionState {
  status: ConnectionStatus;
  serverInfo: ServerInfo | null;
  /** Newest first. */
  notices: Notice[];
  /** How many notices arrived since the list was last opened; the bell shows it. */
  unread: number;
  /** Bumped whenever a batch was stored, so views re-run their queries. */
  revision: number;
  /** What waits on the server to be stored, as last reported; null until the link reported it. */
  backlog: Backlog | null;
  /** Recent `backlog.stored` counts, for the drain rate. */
  drainSamples: DrainSample[];
  /** Spans stored per second lately; null until known. */
  drainRate: number | null;
  /** `backlog.stored` when the current backlog began, for its progress. */
  backlogStartStored: number;
  /**
   * Headless mode: why the server refuses this page its channels (it does not hold this launch's key); null when it
   * does, or in the desktop app.
   */
  locked: string | null;
  setLocked(reason: string | null): void;
  /** Headless mode: other browser profiles that stored spans from this server, newest first. */
  elsewhere: OtherProfile[];
  setElsewhere(profiles: OtherProfile[]): void;
  /** `now` is the page's clock, passed in by tests. */
  setBacklog(backlog: Backlog, now?: number): void;
  setStatus(status: ConnectionStatus): void;
  setServerInfo(info: ServerInfo): void;
  addNotice(notice: Notice): void;
  dismissNotice(id: number): void;
  clearNotices(): void;
  markNoticesRead(): void;
}

export const useConnectionStore = create<ConnectionState>()((set) => ({
  status: 'connecting',
  serverInfo: null,
  notices: [],
  unread: 0,
  revision: 0,
  backlog: null,
  drainSamples: [],
  drainRate: null,
  backlogStartStored: 0,
  locked: null,
  setLocked: (locked) => set({ locked }),
  elsewhere: [],
  setElsewhere: (elsewhere) => set({ elsewhere }),
  setBacklog: (backlog, now = Date.now()) =>
    set((s) => {
      const drainSamples = addSample(s.drainSamples, { at: now, stored: backlog.stored });
      // A new backlog (or a restarted server's first) counts its progress from here.
      const begins = !isBacklogged(s.backlog) || backlog.stored < s.backlogStartStored;
      return {
        backlog,
        drainSamples,
        drainRate: drainRate(drainSamples),
        backlogStartStored: begins ? backlog.stored : s.backlogStartStored,
      };
    }),
  setStatus: (status) => set({ status }),
  setServerInfo: (serverInfo) => set({ serverInfo }),
  addNotice: (notice) =>
    set((s) => {
      // A reconnect can bring the same notice again.
      if (s.notices.some((n) => n.id === notice.id && n.time === notice.time)) return s;
      return { notices: [notice, ...s.notices].slice(0, MAX_NOTICES), unread: Math.min(s.unread + 1, MAX_NOTICES) };
    }),
  dismissNotice: (id) =>
    set((s) => {
      const notices = s.notices.filter((n) => n.id !== id);
      return { notices, unread: Math.min(s.unread, notices.length) };
    }),
  clearNotices: () => set({ notices: [], unread: 0 }),
  markNoticesRead: () => set({ unread: 0 }),
}));

let lastBump = 0;
let pendingBump: ReturnType<typeof setTimeout> | null = null;

function bump(): void {
  lastBump = Date.now();
  pendingBump = null;
  useConnectionStore.setState((s) => ({ revision: s.revision + 1 }));
}

/** Signals that a batch was stored: the first call refreshes at once, a burst ends with one trailing refresh. */
export function markStored(): void {
  if (pendingBump) return;
  const wait = lastBump + REVISION_INTERVAL_MS - Date.now();
  if (wait <= 0) bump();
  else pendingBump = setTimeout(bump, wait);
}

let localNoticeId = 0;

/** Notices raised in this window (a store failure) get negative ids so they never collide with the server's. */
export function localNotice(level: Notice['level'], message: string): void {
  useConnectionStore.getState().addNotice({ id: --localNoticeId, time: Date.now(), level, message });
}
