import { useCallback, useState } from 'react';

export const boardViews = ['kanban', 'list', 'pipeline'] as const;
export type BoardView = (typeof boardViews)[number];

const KEY = 'loupe.bespoke.view';

const read = (): BoardView => {
  try {
    const v = localStorage.getItem(KEY);
    return boardViews.find((b) => b === v) ?? 'kanban';
  } catch {
    return 'kanban';
  }
};

/** The chosen view of /bespoke, remembered on this device. */
export function useBoardView(): [BoardView, (v: BoardView) => void] {
  const [view, setView] = useState<BoardView>(read);
  const choose = useCallback((v: BoardView) => {
    setView(v);
    try {
      localStorage.setItem(KEY, v);
    } catch {}
  }, []);
  return [view, choose];
}
