/**
 * Span data is untrusted: attribute keys and enum strings can be `constructor`, `toString` or
 * `__proto__`. Plain objects would answer those from Object.prototype (a lookup returning a
 * function) or treat them as the prototype (an assignment that silently drops the value).
 */

/** A lookup table without a prototype: unknown keys, including `constructor`, find nothing. */
export function lookupTable<T>(entries: Record<string, T>): Readonly<Record<string, T>> {
  return Object.freeze(Object.assign(Object.create(null) as Record<string, T>, entries));
}

/** Sets an own property, also for the key `__proto__`, which plain assignment would take as the prototype. */
export function setOwn<T>(target: Record<string, T>, key: string, value: T): void {
  if (key === '__proto__')
    Object.defineProperty(target, key, { value, enumerable: true, writable: true, configurable: true });
  else target[key] = value;
}
