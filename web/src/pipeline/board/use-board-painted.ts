import { useEffect } from 'react';

declare global {
  interface Window {
    /**
     * Milliseconds from navigation to the kanban's first full paint, the server's first screen's or the
     * app's, whichever came first; read by bench/board-paint.bench.ts.
     */
    __loupeBoardPaintedAt?: number;
    /** Milliseconds from navigation to the app's own kanban painted: cards that can be dragged. */
    __loupeBoardLiveAt?: number;
  }
}

/** Marks the moment the board with its jobs has been painted (two frames after React commits it). */
export function useBoardPainted(ready: boolean, count: number): void {
  useEffect(() => {
    if (!ready || window.__loupeBoardLiveAt !== undefined) return;
    requestAnimationFrame(() =>
      requestAnimationFrame(() => {
        window.__loupeBoardLiveAt = performance.now();
        window.__loupeBoardPaintedAt ??= window.__loupeBoardLiveAt;
        performance.mark('loupe:board-painted', { detail: { count } });
      }),
    );
  }, [ready, count]);
}
