import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { cpus, release, totalmem } from 'node:os';
import { join } from 'node:path';
import { repoRoot } from '../test/e2e/harness';
import { type BenchResult, RESULTS_DIR, resultsFile } from './results';

const GROUPS: BenchResult['group'][] = ['ingest', 'trace open', 'timeline', 'list and store', 'analysis'];
const REQUIRED: BenchResult['group'][] = ['ingest', 'trace open', 'timeline', 'list and store'];

function chromiumVersion(): string {
  try {
    return execFileSync(process.env.CHROMIUM_PATH ?? '/usr/lib/chromium/chromium', ['--version'])
      .toString()
      .trim();
  } catch (error) {
    return `unknown (${(error as Error).message})`;
  }
}

function number(value: number, unit: string): string {
  const digits = Math.abs(value) >= 100 ? 0 : Math.abs(value) >= 10 ? 1 : 2;
  return `${value.toLocaleString('en-US', { maximumFractionDigits: digits, minimumFractionDigits: 0 })} ${unit}`;
}

const cell = (s: string) => s.replaceAll('|', '\\|');

function table(results: BenchResult[]): string {
  const lines = [
    '| figure | measured | baseline (same run) | ratio | target | met |',
    '| --- | --- | --- | --- | --- | --- |',
  ];
  for (const r of results) {
    const value = r.value === null ? 'not measured' : number(r.value, r.unit);
    const baseline = r.baseline ? `${number(r.baseline.value, r.baseline.unit)} (${r.baseline.name})` : '–';
    const ratio = r.ratio === undefined || r.ratio === null ? '–' : `${(r.ratio * 100).toFixed(0)} %`;
    const met = r.met === undefined ? '–' : r.met ? 'yes' : '**no**';
    lines.push(`| ${cell(r.name)} | ${value} | ${cell(baseline)} | ${ratio} | ${cell(r.target ?? '–')} | ${met} |`);
  }
  return lines.join('\n');
}

/** Renders docs/benchmarks.md from this run's results. */
export default function writeReport(): void {
  const file = resultsFile();
  if (!existsSync(file)) return;
  const results = readFileSync(file, 'utf8')
    .split('\n')
    .filter(Boolean)
    .map((line) => JSON.parse(line) as BenchResult);
  const cpu = cpus();
  const missed = results.filter((r) => r.met === false);
  const out: string[] = [
    '# Benchmarks',
    '',
    'Written by `npm run bench` (Playwright runs `bench/*.bench.ts` in Chromium against `npm run serve`; a run takes',
    'ten to fifteen minutes). Every figure sits next to a baseline measured in the same run on the same machine, and',
    'targets are checked against the ratio where there is one: these machines are noisy, ratios much less so. Other',
    'work may share the cores during a run; it shows in the figures more than in the ratios.',
    '',
    `- Date: ${new Date().toISOString().slice(0, 16).replace('T', ' ')} UTC`,
    `- Machine: ${cpu[0]?.model ?? 'unknown CPU'}, ${cpu.length} cores, ${(totalmem() / 1024 ** 3).toFixed(0)} GiB RAM, Linux ${release()}`,
    `- Node ${process.version}; ${chromiumVersion()} (headless, no GPU)`,
    '- Command: `npm run bench`',
    '',
    missed.length === 0
      ? 'Every target is met in this run.'
      : `Targets missed in this run: ${missed.map((r) => `${r.group}: ${r.name}`).join('; ')}. What limits each is below.`,
  ];
  for (const group of GROUPS) {
    const rows = results.filter((r) => r.group === group);
    if (rows.length === 0) continue;
    out.push(
      '',
      `## ${group[0]?.toUpperCase()}${group.slice(1)}`,
      '',
      table(rows),
      '',
      'What limits these figures:',
      '',
    );
    for (const r of rows) out.push(`- **${r.name}**: ${r.limits}`);
  }
  out.push('');
  // Only a run of every scenario replaces docs/benchmarks.md; a partial run (a file or -g filter) reports beside
  // its results instead.
  const complete = REQUIRED.every((group) => results.some((r) => r.group === group));
  const target = complete ? join(repoRoot, 'docs', 'benchmarks.md') : join(RESULTS_DIR, 'benchmarks.md');
  writeFileSync(target, out.join('\n'));
  console.log(`benchmark report written to ${target}`);
}
