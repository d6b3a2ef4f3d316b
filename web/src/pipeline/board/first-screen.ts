import { createContext, useContext } from 'react';

/** A column's head when the page holds only its first cards: how many it has, and their money. */
export interface ColumnHead {
  count: number;
  cents: number;
}

/**
 * The board drawn from its first screen (the server's first paint of the page, web/src/first-screen):
 * the cards are each column's first ones, so counts and money come from here, not from the cards.
 * Absent in the app, which always holds the whole board.
 */
export interface FirstScreenHeads {
  heads: ReadonlyMap<string, ColumnHead>;
  /** Every active job of the pipeline. */
  total: number;
}

export const FirstScreenContext = createContext<FirstScreenHeads | null>(null);

export const useFirstScreen = () => useContext(FirstScreenContext);
