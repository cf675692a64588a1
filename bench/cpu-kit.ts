import { execFileSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { setPriority } from 'node:os';

/**
 * Where the machine's CPU went over a stretch of a benchmark: every thread's user and system time from /proc
 * (Linux only), read before and after, summed by what the thread works for. A long task on the page's thread is
 * mostly its wait for a core; this says who held the cores meanwhile.
 */

export type CpuGroup =
  | 'IndexedDB and the browser process pools'
  | 'browser process, other threads'
  | 'page main thread'
  | "page's workers (store, analysis)"
  | 'renderer, other threads'
  | 'GPU and utility processes'
  | 'Loupe server'
  | 'kernel threads (writeback, journal)'
  | 'everything else (the benchmark runner)';

/** CPU ms per thread, keyed by pid/tid, with the group each belongs to. */
export type CpuSnapshot = Map<string, { group: CpuGroup; ms: number }>;

let ticksPerSecond: number | null = null;

function clockTicks(): number {
  ticksPerSecond ??= Number(execFileSync('getconf', ['CLK_TCK']).toString().trim()) || 100;
  return ticksPerSecond;
}

function read(path: string): string | null {
  try {
    return readFileSync(path, 'utf8');
  } catch {
    return null;
  }
}

function groupOf(cmdline: string, isMain: boolean, comm: string): CpuGroup {
  if (cmdline === '') return 'kernel threads (writeback, journal)';
  const type = /--type=(\S+)/.exec(cmdline)?.[1];
  if (type === 'renderer') {
    if (isMain) return 'page main thread';
    return comm.startsWith('DedicatedWorker') ? "page's workers (store, analysis)" : 'renderer, other threads';
  }
  if (type !== undefined) return 'GPU and utility processes';
  if (cmdline.includes('chromium')) {
    return comm.startsWith('ThreadPool') ? 'IndexedDB and the browser process pools' : 'browser process, other threads';
  }
  if (cmdline.includes('serve')) return 'Loupe server';
  return 'everything else (the benchmark runner)';
}

interface ThreadEntry {
  pid: string;
  tid: string;
  group: CpuGroup;
  comm: string;
  /** The thread's stat line after its command: state first, utime the 12th field and stime the 13th. */
  fields: string[];
}

/** Every thread on the machine with the group it works for; null where /proc cannot be read (not Linux). */
function threads(): ThreadEntry[] | null {
  let pids: string[];
  try {
    pids = readdirSync('/proc').filter((d) => /^\d+$/.test(d));
  } catch {
    return null;
  }
  const out: ThreadEntry[] = [];
  for (const pid of pids) {
    const cmdline = (read(`/proc/${pid}/cmdline`) ?? '').replaceAll('\0', ' ').trim();
    let tids: string[] = [];
    try {
      tids = readdirSync(`/proc/${pid}/task`);
    } catch {
      continue;
    }
    for (const tid of tids) {
      const stat = read(`/proc/${pid}/task/${tid}/stat`);
      if (!stat) continue;
      const comm = stat.slice(stat.indexOf('(') + 1, stat.lastIndexOf(')'));
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      out.push({ pid, tid, group: groupOf(cmdline, tid === pid, comm), comm, fields });
    }
  }
  return out;
}

/** Every thread's CPU time so far; null where /proc cannot be read (not Linux). */
export function cpuSnapshot(): CpuSnapshot | null {
  const all = threads();
  if (all === null) return null;
  const tick = 1000 / clockTicks();
  const out: CpuSnapshot = new Map();
  for (const { pid, tid, group, fields } of all) {
    out.set(`${pid}/${tid}`, { group, ms: (Number(fields[11]) + Number(fields[12])) * tick });
  }
  return out;
}

/**
 * The page's main thread's time on a core and its time waiting for one (runnable, not running: the scheduler's
 * run-queue delay from /proc/<pid>/task/<tid>/schedstat), summed over every renderer's main thread; null off Linux.
 */
export function pageThreadTimes(): { cpuMs: number; waitMs: number } | null {
  const all = threads();
  if (all === null) return null;
  let cpuMs = 0;
  let waitMs = 0;
  for (const { pid, tid, group } of all) {
    if (group !== 'page main thread') continue;
    const [cpu, wait] = (read(`/proc/${pid}/task/${tid}/schedstat`) ?? '').split(' ').map(Number);
    cpuMs += (cpu ?? 0) / 1e6;
    waitMs += (wait ?? 0) / 1e6;
  }
  return { cpuMs, waitMs };
}

/** Whether a thread does a drain's background work: the server, the store's workers, the pools behind IndexedDB. */
function drainsInBackground({ group, comm }: ThreadEntry): boolean {
  if (group === 'Loupe server' || group === 'IndexedDB and the browser process pools') return true;
  if (group === "page's workers (store, analysis)") return true;
  return group === 'renderer, other threads' && comm.startsWith('ThreadPool');
}

/**
 * Lowers every thread that does a drain's background work to `nice` (the server's, the page's workers, the
 * browser's and the renderer's pools), and keeps lowering the ones that start, until stopped: what a drain's page
 * would see if the desktop's scheduler put the window first. Lowering one's own threads needs no privilege; the
 * threads end with their processes, so nothing is restored. Returns the stop function; a no-op off Linux.
 */
export function yieldDrainThreads(nice = 10): () => void {
  const done = new Set<string>();
  const lower = () => {
    for (const thread of threads() ?? []) {
      const key = `${thread.pid}/${thread.tid}`;
      if (done.has(key) || !drainsInBackground(thread)) continue;
      try {
        // On Linux a thread id names that one thread (the nice value is per thread).
        setPriority(Number(thread.tid), nice);
      } catch {
        // Gone already, or not ours: nothing to lower.
      }
      done.add(key);
    }
  };
  lower();
  const timer = setInterval(lower, 100);
  return () => clearInterval(timer);
}

/** CPU ms by group between two snapshots; threads that started in between count from zero. */
export function cpuBetween(before: CpuSnapshot, after: CpuSnapshot): Map<CpuGroup, number> {
  const groups = new Map<CpuGroup, number>();
  for (const [key, { group, ms }] of after) {
    const used = ms - (before.get(key)?.ms ?? 0);
    if (used > 0) groups.set(group, (groups.get(group) ?? 0) + used);
  }
  return groups;
}

/** How many cores were busy on average: the CPU time of every group over the wall time it was spent in. */
export function coresBusy(groups: Map<CpuGroup, number>, wallMs: number): number {
  return [...groups.values()].reduce((n, ms) => n + ms, 0) / wallMs;
}

/** "1.7 of 2 cores: IndexedDB and the browser process pools 6.1 s, …", largest first. */
export function describeCpu(groups: Map<CpuGroup, number>, wallMs: number, cores: number): string {
  const parts = [...groups].sort((a, b) => b[1] - a[1]).map(([group, ms]) => `${group} ${(ms / 1000).toFixed(1)} s`);
  return `${coresBusy(groups, wallMs).toFixed(2)} of ${cores} cores busy over ${(wallMs / 1000).toFixed(1)} s: ${parts.join(', ')}`;
}
