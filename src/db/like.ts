/** An ILIKE pattern matching text that contains `q` literally: `%`, `_` and `\` in it match only themselves. */
export const containing = (q: string) => `%${q.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
