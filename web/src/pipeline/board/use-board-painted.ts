import { useEffect } from 'react';

declare global {
  interface Window {
    /** Milliseconds from navigation to the kanban's first full paint; read by bench/board-paint.bench.ts. */
    __loupeBoardPaintedAt?: number;
  }
}

/** Marks the moment the board with its jobs has been painted (two frames after React commits it). */
export function useBoardPainted(ready: boolean, count: number): void {
  useEffect(() => {
    if (!ready || window.__loupeBoardPaintedAt !== undefined) return;
    requestAnimationFrame(() =>
      requestAnimationFrame(() => {
        window.__loupeBoardPaintedAt ??= performance.now();
        performance.mark('loupe:board-painted', { detail: { count } });
      }),
    );
  }, [ready, count]);
}
