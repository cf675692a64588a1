import { elementScroll, type Virtualizer } from '@tanstack/react-virtual';

/** The lists the virtualizer has written a scroll position for; one not in it was just mounted. */
const moved = new WeakSet<Element>();

/**
 * The virtualizer's scroll writes, but for the one it makes as it attaches to a newly mounted list: that one moves
 * the list to 0, where a new element already is, and writing a scroll position lays the whole page out at once, inside
 * React's commit as the list first shows (traced: up to 40 ms). Every later write goes through, to 0 as well: by then
 * the list may have been scrolled.
 */
export function scrollExceptOnMount(
  offset: number,
  options: { adjustments?: number; behavior?: ScrollBehavior },
  instance: Virtualizer<HTMLDivElement, Element>,
): void {
  const element = instance.scrollElement;
  if (element && !moved.has(element)) {
    moved.add(element);
    if (offset + (options.adjustments ?? 0) === 0) return;
  }
  elementScroll(offset, options, instance);
}
