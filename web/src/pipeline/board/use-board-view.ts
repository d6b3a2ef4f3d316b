import { useCallback, useState } from 'react';

export const boardViews = ['kanban', 'list', 'pipeline'] as const;
export type BoardView = (typeof boardViews)[number];

const keyOf = (board: string) => `loupe.${board}.view`;

const read = (key: string): BoardView => {
  try {
    const v = localStorage.getItem(key);
    return boardViews.find((b) => b === v) ?? 'kanban';
  } catch {
    return 'kanban';
  }
};

/** The chosen view of a pipeline's board (`/bespoke`, `/repairs`), remembered on this device. */
export function useBoardView(board: string): [BoardView, (v: BoardView) => void] {
  const key = keyOf(board);
  const [view, setView] = useState<BoardView>(() => read(key));
  const choose = useCallback(
    (v: BoardView) => {
      setView(v);
      try {
        localStorage.setItem(key, v);
      } catch {}
    },
    [key],
  );
  return [view, choose];
}
