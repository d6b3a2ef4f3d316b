/** Small helpers shared by the benchmarks: latency summaries and a plain-text table. */

export interface Summary {
  count: number;
  p50: number;
  p99: number;
  mean: number;
}

export function summarise(samplesMs: readonly number[]): Summary {
  const sorted = [...samplesMs].sort((a, b) => a - b);
  const at = (q: number) => sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1))] ?? Number.NaN;
  const mean = sorted.length === 0 ? Number.NaN : sorted.reduce((s, x) => s + x, 0) / sorted.length;
  return { count: sorted.length, p50: at(0.5), p99: at(0.99), mean };
}

export const ms = (x: number) => (Number.isFinite(x) ? `${x.toFixed(2)} ms` : '–');
export const perSecond = (x: number) => (Number.isFinite(x) ? `${x.toFixed(0)}/s` : '–');
export const ratio = (x: number) => (Number.isFinite(x) ? x.toFixed(2) : '–');

/** Left-aligns the first column, right-aligns the rest. */
export function table(header: readonly string[], rows: readonly (readonly string[])[]): string {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)));
  const line = (cells: readonly string[]) => cells.map((c, i) => (i === 0 ? c.padEnd(widths[i] ?? 0) : c.padStart(widths[i] ?? 0))).join('  │  ');
  const rule = widths.map((w) => '─'.repeat(w)).join('──┼──');
  return [line(header), rule, ...rows.map(line)].map((l) => `   ${l}`).join('\n');
}
