import type { Shop } from '../api/types';

export interface ShopFormat {
  locale: string;
  timeZone: string;
  currency: string;
  /** Minor units per major unit for the shop's currency, e.g. 2 for GBP, 0 for JPY. */
  fractionDigits: number;
  currencySymbol: string;
  money(cents: number | null | undefined): string;
  /** Like money, but whole amounts drop the minor units (£4,200 rather than £4,200.00): for tight spaces. */
  moneyShort(cents: number | null | undefined): string;
  /** A calendar date (YYYY-MM-DD), as the shop writes dates. */
  date(day: string | null | undefined): string;
  /** A calendar date for a tight space: day and month while it is within six months of `today` (11 Dec), else month and year (Jan 2028). */
  dateNear(day: string, today: string): string;
  /** A moment, in the shop's time zone. */
  dateTime(iso: string): string;
  /** Today as YYYY-MM-DD in the shop's time zone. */
  today(): string;
  /** "3 days", "5 hours": how long since a moment. */
  since(iso: string, now?: number): string;
  toCents(major: number): number;
  fromCents(cents: number): number;
}

export function shopFormat(shop: Pick<Shop, 'locale' | 'timeZone' | 'currency'>): ShopFormat {
  const { locale, timeZone, currency } = shop;
  const moneyFmt = new Intl.NumberFormat(locale, { style: 'currency', currency });
  const wholeFmt = new Intl.NumberFormat(locale, { style: 'currency', currency, minimumFractionDigits: 0, maximumFractionDigits: 0 });
  const fractionDigits = moneyFmt.resolvedOptions().maximumFractionDigits ?? 2;
  const scale = 10 ** fractionDigits;
  const currencySymbol = moneyFmt.formatToParts(0).find((p) => p.type === 'currency')?.value ?? currency;
  const dayFmt = new Intl.DateTimeFormat(locale, { timeZone: 'UTC', day: 'numeric', month: 'short', year: 'numeric' });
  const dayMonthFmt = new Intl.DateTimeFormat(locale, { timeZone: 'UTC', day: 'numeric', month: 'short' });
  const monthYearFmt = new Intl.DateTimeFormat(locale, { timeZone: 'UTC', month: 'short', year: 'numeric' });
  const momentFmt = new Intl.DateTimeFormat(locale, { timeZone, dateStyle: 'medium', timeStyle: 'short' });
  const isoDayFmt = new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' });
  const units: [Intl.RelativeTimeFormatUnit, number][] = [
    ['day', 86_400_000],
    ['hour', 3_600_000],
    ['minute', 60_000],
  ];
  const unitFmt = (unit: Intl.RelativeTimeFormatUnit, n: number) =>
    new Intl.NumberFormat(locale, { style: 'unit', unit: unit as string, unitDisplay: 'long', maximumFractionDigits: 0 }).format(n);

  return {
    locale,
    timeZone,
    currency,
    fractionDigits,
    currencySymbol,
    money: (cents) => (cents === null || cents === undefined ? '—' : moneyFmt.format(cents / scale)),
    moneyShort: (cents) => {
      if (cents === null || cents === undefined) return '—';
      return cents % scale === 0 ? wholeFmt.format(cents / scale) : moneyFmt.format(cents / scale);
    },
    date: (day) => (day ? dayFmt.format(new Date(`${day}T00:00:00Z`)) : '—'),
    dateNear: (day, today) => {
      const at = new Date(`${day}T00:00:00Z`);
      return (Math.abs(monthOf(day) - monthOf(today)) < 6 ? dayMonthFmt : monthYearFmt).format(at);
    },
    dateTime: (iso) => momentFmt.format(new Date(iso)),
    today: () => isoDayFmt.format(new Date()),
    since: (iso, now = Date.now()) => {
      const ms = Math.max(0, now - new Date(iso).getTime());
      for (const [unit, size] of units) {
        if (ms >= size) return unitFmt(unit, Math.floor(ms / size));
      }
      return 'just now';
    },
    toCents: (major) => Math.round(major * scale),
    fromCents: (cents) => cents / scale,
  };
}

/** Months since year 0 of a YYYY-MM-DD calendar date. */
const monthOf = (day: string) => Number(day.slice(0, 4)) * 12 + Number(day.slice(5, 7)) - 1;

/** Adds days to a YYYY-MM-DD calendar date. */
export function addDays(day: string, n: number): string {
  const d = new Date(`${day}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + n);
  return d.toISOString().slice(0, 10);
}
