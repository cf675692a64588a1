import { diffLines, diffWords } from 'diff';

/**
 * A text diff that stays bounded on big prompts. Word-level reads best on short texts (a changed word in a system
 * prompt); past WORD_LIMIT characters word tokens get so many that both the diff and its rendering slow down, and
 * line-level is what a reader wants anyway. Each side is cut at MAX_CHARS, and every diff has a time budget
 * (jsdiff's `timeout`): a diff that runs out falls back to lines, then to showing both texts whole, and says so.
 */

export interface DiffPart {
  kind: 'same' | 'added' | 'removed';
  text: string;
}

export interface TextDiff {
  parts: DiffPart[];
  mode: 'identical' | 'words' | 'lines' | 'whole';
  /** Why the diff is coarser or shorter than asked (cut texts, time budget spent); null when it is complete. */
  notice: string | null;
}

/** Texts up to this length are diffed word by word. */
const WORD_LIMIT = 5_000;
/** Characters of each side that are diffed; the rest is left out, with a notice. */
export const MAX_CHARS = 200_000;
/** Default time budget of one diff, in milliseconds. */
export const DIFF_TIMEOUT_MS = 1_500;

function toParts(changes: { value: string; added: boolean; removed: boolean }[]): DiffPart[] {
  const parts: DiffPart[] = [];
  for (const c of changes) {
    if (c.value === '') continue;
    const kind = c.added ? 'added' : c.removed ? 'removed' : 'same';
    const last = parts.at(-1);
    if (last && last.kind === kind) last.text += c.value;
    else parts.push({ kind, text: c.value });
  }
  return parts;
}

function cut(text: string): { text: string; cut: boolean } {
  return text.length > MAX_CHARS ? { text: text.slice(0, MAX_CHARS), cut: true } : { text, cut: false };
}

const kib = (n: number) => `${Math.round(n / 1024)} KB`;

export function diffText(a: string, b: string, timeoutMs: number = DIFF_TIMEOUT_MS): TextDiff {
  if (a === b) return { parts: a === '' ? [] : [{ kind: 'same', text: a }], mode: 'identical', notice: null };
  const ca = cut(a);
  const cb = cut(b);
  const notices: string[] = [];
  if (ca.cut || cb.cut) {
    notices.push(`only the first ${kib(MAX_CHARS)} of each side are compared (${kib(a.length)} and ${kib(b.length)})`);
  }
  const deadline = Date.now() + Math.max(1, timeoutMs);
  const left = () => Math.max(1, deadline - Date.now());
  let mode: TextDiff['mode'] = Math.max(ca.text.length, cb.text.length) <= WORD_LIMIT ? 'words' : 'lines';
  let changes =
    mode === 'words'
      ? diffWords(ca.text, cb.text, { timeout: left() })
      : diffLines(ca.text, cb.text, { timeout: left() });
  if (!changes && mode === 'words') {
    mode = 'lines';
    changes = diffLines(ca.text, cb.text, { timeout: left() });
  }
  if (!changes) {
    notices.push('the texts are too different to compare in time; both are shown whole');
    return {
      parts: toParts([
        { value: ca.text, added: false, removed: true },
        { value: cb.text, added: true, removed: false },
      ]),
      mode: 'whole',
      notice: notices.join('; '),
    };
  }
  return { parts: toParts(changes), mode, notice: notices.length > 0 ? notices.join('; ') : null };
}
