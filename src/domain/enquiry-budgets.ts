/** What a customer says they mean to spend, on the enquiry form: ranges in whole units of the shop's currency. */
export const enquiryBudgets = ['unsure', 'under_500', '500_1000', '1000_2500', '2500_5000', '5000_plus'] as const;
export type EnquiryBudget = (typeof enquiryBudgets)[number];

/** Each budget's range in whole units of the shop's currency; null is open-ended. */
const budgetRanges: Record<Exclude<EnquiryBudget, 'unsure'>, readonly [number | null, number | null]> = {
  under_500: [null, 500],
  '500_1000': [500, 1000],
  '1000_2500': [1000, 2500],
  '2500_5000': [2500, 5000],
  '5000_plus': [5000, null],
};

const plainAmount = (units: number) => units.toLocaleString('en-GB');

/** A budget in words: "500 to 1,000", or "£500 to £1,000" given the shop's way of writing an amount of whole units. */
export function budgetLabel(budget: EnquiryBudget, amount: (units: number) => string = plainAmount): string {
  if (budget === 'unsure') return 'Not sure yet';
  const [from, to] = budgetRanges[budget];
  if (from === null) return `Under ${amount(to ?? 0)}`;
  return to === null ? `Over ${amount(from)}` : `${amount(from)} to ${amount(to)}`;
}

/** A budget in the shop's currency and words: "£500 to £1,000", "500 € à 1 000 €". */
export function budgetIn(budget: EnquiryBudget, currency: string, locale: string): string {
  const money = new Intl.NumberFormat(locale, { style: 'currency', currency, maximumFractionDigits: 0 });
  return budgetLabel(budget, (units) => money.format(units));
}
