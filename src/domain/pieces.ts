/** What a piece of jewellery is, as the counter names it: shared by every pipeline that takes one in. */
export const pieceTypes = ['ring', 'necklace', 'bracelet', 'earrings', 'watch', 'brooch', 'loose_stone', 'other'] as const;
export type PieceType = (typeof pieceTypes)[number];

const pieceNames: Readonly<Record<PieceType, string>> = {
  ring: 'Ring',
  necklace: 'Necklace',
  bracelet: 'Bracelet',
  earrings: 'Earrings',
  watch: 'Watch',
  brooch: 'Brooch',
  loose_stone: 'Loose stone',
  other: 'Other',
};

/** "Ring", "Loose stone"; a word that is not a piece type comes back as it is. */
export const pieceName = (type: string): string => pieceNames[type as PieceType] ?? type;

/** A piece in a title: "Ring", but "Item" rather than "Other". */
export const pieceInTitle = (type: PieceType): string => (type === 'other' ? 'Item' : pieceNames[type]);
