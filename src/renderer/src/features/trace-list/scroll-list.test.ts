import type { Virtualizer } from '@tanstack/react-virtual';
import { describe, expect, it } from 'vitest';
import { scrollExceptOnMount } from './scroll-list';

/** A list element that records the scroll positions written to it, and the virtualizer holding it. */
function list() {
  const writes: unknown[] = [];
  const element = { scrollTo: (to: unknown) => writes.push(to) };
  const instance = { scrollElement: element, options: { horizontal: false } } as unknown as Virtualizer<
    HTMLDivElement,
    Element
  >;
  return { writes, instance };
}

describe('scrolling the trace list', () => {
  it('does not write 0 to a list just mounted, where it already is', () => {
    const { writes, instance } = list();
    scrollExceptOnMount(0, {}, instance);
    expect(writes).toEqual([]);
  });

  it('writes every later position, 0 included: the list may have been scrolled by then', () => {
    const { writes, instance } = list();
    scrollExceptOnMount(0, {}, instance);
    scrollExceptOnMount(0, {}, instance);
    scrollExceptOnMount(96, { adjustments: 32 }, instance);
    expect(writes).toEqual([
      { top: 0, behavior: undefined },
      { top: 128, behavior: undefined },
    ]);
  });

  it('writes a first position other than 0 (a list mounted scrolled)', () => {
    const { writes, instance } = list();
    scrollExceptOnMount(320, { behavior: 'smooth' }, instance);
    expect(writes).toEqual([{ top: 320, behavior: 'smooth' }]);
  });
});
