/**
 * The fields in which two values differ, one line per leaf (`input.messages[0].content: "a" → "b"`), for tests that
 * compare an export read back with the original: a list of lines reads better than a deep-equality dump.
 */
export function fieldDiff(expected: unknown, actual: unknown, path = '', out: string[] = [], limit = 50): string[] {
  if (out.length >= limit || Object.is(expected, actual)) return out;
  const bothObjects =
    typeof expected === 'object' && expected !== null && typeof actual === 'object' && actual !== null;
  if (bothObjects && Array.isArray(expected) === Array.isArray(actual)) {
    const keys = new Set([...Object.keys(expected), ...Object.keys(actual)]);
    for (const key of keys) {
      const next = Array.isArray(expected) ? `${path}[${key}]` : path === '' ? key : `${path}.${key}`;
      fieldDiff((expected as Record<string, unknown>)[key], (actual as Record<string, unknown>)[key], next, out, limit);
    }
    return out;
  }
  const show = (v: unknown) => (v === undefined ? 'absent' : JSON.stringify(v)?.slice(0, 120));
  out.push(`${path || '(value)'}: ${show(expected)} → ${show(actual)}`);
  return out;
}
