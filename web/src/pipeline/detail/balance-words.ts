import type { BalanceStanding } from '../../../../src/domain/money';
import type { ShopFormat } from '../../format/shop-format';

/** The balance line's label and figure, and the sentence a recorded payment or void ends with. */
export function balanceWords(b: BalanceStanding, fmt: ShopFormat): { label: string; value: string; sentence: string } {
  const money = fmt.money(b.cents);
  switch (b.kind) {
    case 'owing':
      return { label: 'Balance owing', value: money, sentence: `Balance owing is now ${money}.` };
    case 'settled':
      return { label: 'Balance owing', value: money, sentence: 'Paid in full.' };
    case 'credit':
      return { label: 'Owed to the customer', value: money, sentence: `The customer has paid ${money} more than the price.` };
    case 'cancelled':
      return b.cents > 0
        ? { label: 'Held (job cancelled)', value: money, sentence: `${money} paid on this cancelled job is held: refund it, or keep what your terms allow.` }
        : { label: 'Nothing owing (cancelled)', value: money, sentence: 'Nothing is held on this cancelled job.' };
  }
}
