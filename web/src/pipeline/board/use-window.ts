import { type RefObject, useEffect, useState } from 'react';

export interface WindowSlice {
  start: number;
  end: number;
  padTop: number;
  padBottom: number;
}

const OVERSCAN = 4;

/**
 * Renders only the rows of a scrolling column that can be seen (plus a few), so a column of
 * hundreds of jobs costs what a screenful does. Rows have one fixed height.
 */
export function useWindow(ref: RefObject<HTMLElement | null>, count: number, rowHeight: number): WindowSlice {
  const [view, setView] = useState({ top: 0, height: 900 });
  useEffect(() => {
    const el = ref.current;
    if (!el) return;
    let frame = 0;
    const read = () => {
      cancelAnimationFrame(frame);
      frame = requestAnimationFrame(() => setView({ top: el.scrollTop, height: el.clientHeight || 900 }));
    };
    read();
    el.addEventListener('scroll', read, { passive: true });
    const observer = new ResizeObserver(read);
    observer.observe(el);
    return () => {
      cancelAnimationFrame(frame);
      el.removeEventListener('scroll', read);
      observer.disconnect();
    };
  }, [ref]);
  const start = Math.max(0, Math.floor(view.top / rowHeight) - OVERSCAN);
  const end = Math.min(count, Math.ceil((view.top + view.height) / rowHeight) + OVERSCAN);
  return { start, end, padTop: start * rowHeight, padBottom: Math.max(0, (count - end) * rowHeight) };
}
