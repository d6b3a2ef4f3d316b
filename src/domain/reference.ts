/** Human job references, unique per shop and pipeline: B-0042, R-0042. */
export function formatReference(prefix: string, n: number): string {
  return `${prefix}-${String(n).padStart(4, '0')}`;
}

export function parseReference(prefix: string, text: string): number | null {
  const m = new RegExp(`^${prefix}-(\\d{1,9})$`, 'i').exec(text.trim());
  return m?.[1] ? Number(m[1]) : null;
}
