/** The period presets, as whole days (YYYY-MM-DD) counted back from today in the shop's time zone. */
export const presets = ['30d', '90d', 'quarter', 'year', 'custom'] as const;
export type Preset = (typeof presets)[number];

export const presetLabels: Record<Preset, string> = {
  '30d': 'Last 30 days',
  '90d': 'Last 90 days',
  quarter: 'This quarter',
  year: 'This year',
  custom: 'Custom',
};

const shift = (day: string, days: number) => {
  const d = new Date(`${day}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + days);
  return d.toISOString().slice(0, 10);
};

export function rangeOf(preset: Exclude<Preset, 'custom'>, today: string): { from: string; to: string } {
  const [y = '1970', m = '01'] = today.split('-');
  switch (preset) {
    case '30d':
      return { from: shift(today, -29), to: today };
    case '90d':
      return { from: shift(today, -89), to: today };
    case 'quarter': {
      const q = Math.floor((Number(m) - 1) / 3) * 3 + 1;
      return { from: `${y}-${String(q).padStart(2, '0')}-01`, to: today };
    }
    case 'year':
      return { from: `${y}-01-01`, to: today };
  }
}

export const isDay = (s: unknown): s is string => typeof s === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(s);
