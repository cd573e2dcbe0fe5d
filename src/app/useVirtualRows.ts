// Tracks a scrolling element's position and height and answers which of `count` fixed-height rows to draw.
// Only the component that draws the rows re-renders on scroll; what builds the row list stays memoised above.
import { useLayoutEffect, useRef, useState, type RefObject } from 'react';
import { flushSync } from 'react-dom';
import { rowWindow, type RowWindow } from './virtualWindow';

/** Height assumed before the element is measured (first render): enough rows for any sidebar. */
const UNMEASURED_HEIGHT = 800;

export function useVirtualRows<E extends HTMLElement>(count: number, rowHeight: number, overscan = 8): { ref: RefObject<E | null>; win: RowWindow } {
  const ref = useRef<E>(null);
  const [view, setView] = useState({ scrollTop: 0, height: 0 });
  useLayoutEffect(() => {
    const el = ref.current;
    if (!el) return;
    const update = (): void =>
      setView((v) => (v.scrollTop === el.scrollTop && v.height === el.clientHeight ? v : { scrollTop: el.scrollTop, height: el.clientHeight }));
    // Rendered before the browser paints the new scroll position, not in a later task: a window of a few dozen
    // rows renders in a couple of ms (npm run bench), and a deferred render would show blank rows on a fast scroll.
    const onScroll = (): void => flushSync(update);
    update();
    el.addEventListener('scroll', onScroll, { passive: true });
    const ro = new ResizeObserver(update);
    ro.observe(el);
    return () => {
      el.removeEventListener('scroll', onScroll);
      ro.disconnect();
    };
  }, []);
  const win = rowWindow({ scrollTop: view.scrollTop, viewportHeight: view.height || UNMEASURED_HEIGHT, rowHeight, count, overscan });
  return { ref, win };
}
