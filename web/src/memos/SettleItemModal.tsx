import { Button, Flex, Modal, Stack, Text } from '@mantine/core';
import { useState } from 'react';
import { isProblem } from '../api/problem';
import type { ShopFormat } from '../format/shop-format';
import { useShopFormat } from '../format/use-shop-format';
import { MoneyInput } from '../pipeline/form/MoneyInput';
import type { MemoDetail, MemoItem, Outcome } from './memos-api';

/** The outcomes that cannot be changed once recorded; an expired item may still end any of these ways. */
export type FinalOutcome = Exclude<Outcome, 'expired'>;
export const isFinal = (o: Outcome): o is FinalOutcome => o !== 'expired';

export interface Settling {
  item: MemoItem;
  outcome: FinalOutcome;
}

const verbs: Record<FinalOutcome, string> = { sold: 'sold', returned: 'returned', lost: 'lost' };

/** What the outcome means for this record, in the jeweller's words. */
function meaning(memo: MemoDetail, { item, outcome }: Settling, fmt: ShopFormat): string {
  const who = memo.contact.name;
  if (outcome === 'lost') return memo.direction === 'in' ? `It is recorded as lost while on memo from ${who}.` : `It is recorded as lost while with ${who}.`;
  if (outcome === 'returned') return memo.direction === 'in' ? `It has gone back to ${who}.` : `It has come back from ${who}.`;
  if (memo.direction === 'out') return `${who} sold it.`;
  return item.costCents === null
    ? `The shop buys it from ${who}; no cost is on the memo.`
    : `The shop buys it from ${who}: you owe ${who} ${fmt.money(item.costCents)}.`;
}

/**
 * Asks before an item is marked returned, sold or lost, which cannot be undone. A consignment piece sold
 * asks its price, the one it went out at to begin with: what the consignee owes.
 */
export function SettleItemModal({
  memo,
  settling,
  pending,
  error,
  onConfirm,
  onClose,
}: {
  memo: MemoDetail;
  settling: Settling | null;
  pending: boolean;
  error: Error | null;
  onConfirm: (priceCents: number | undefined) => void;
  onClose: () => void;
}) {
  const fmt = useShopFormat();
  const [price, setPrice] = useState<number | ''>('');
  // Each item asked about starts from its own price; a refetch while asking leaves what was typed.
  const [askedFor, setAskedFor] = useState<string | null>(null);
  if (settling && settling.item.id !== askedFor) {
    setAskedFor(settling.item.id);
    setPrice(settling.item.retailCents === null ? '' : fmt.fromCents(settling.item.retailCents));
  }
  if (!settling && askedFor !== null) setAskedFor(null);
  const asksPrice = memo.direction === 'out' && settling?.outcome === 'sold';

  const priceCents = price === '' ? undefined : fmt.toCents(price);
  const fieldErrors = isProblem(error) ? error.fieldErrors() : {};
  const general = error && !fieldErrors.priceCents ? (isProblem(error) ? error.detail : 'Something went wrong; try again.') : undefined;
  const verb = settling ? verbs[settling.outcome] : '';
  return (
    <Modal opened={settling !== null} onClose={onClose} title={`Mark it ${verb}?`} centered>
      {settling && (
        <Stack>
          <Text size="sm" fw={600}>
            {settling.item.position}. {settling.item.label}
          </Text>
          <Text size="sm">{meaning(memo, settling, fmt)}</Text>
          {asksPrice && (
            <>
              <MoneyInput
                label="Sold at"
                description="The price agreed with the consignee, what they owe you; the asking price stays on the record as it was."
                required
                fmt={fmt}
                value={price}
                error={fieldErrors.priceCents}
                onChange={setPrice}
                data-autofocus
              />
              <Text size="sm" data-testid="amount-owed">
                {priceCents === undefined
                  ? `Say what it sold for: what ${memo.contact.name} owes you.`
                  : `Sold at ${fmt.money(priceCents)}: ${memo.contact.name} owes you ${fmt.money(priceCents)}.`}
              </Text>
            </>
          )}
          <Text size="sm" c="dimmed">
            Once marked {verb}, the item cannot be settled another way.
          </Text>
          {general && (
            <Text c="red" size="sm" role="alert">
              {general}
            </Text>
          )}
          {/* On a phone the two go full width, the answer on top, where a thumb reaches first. */}
          <Flex direction={{ base: 'column-reverse', xs: 'row' }} justify="flex-end" gap="xs">
            <Button variant="default" onClick={onClose}>
              Keep it on {memo.direction === 'in' ? 'memo' : 'consignment'}
            </Button>
            <Button color={settling.outcome === 'lost' ? 'red' : undefined} loading={pending} onClick={() => onConfirm(asksPrice ? priceCents : undefined)}>
              Mark {verb}
            </Button>
          </Flex>
        </Stack>
      )}
    </Modal>
  );
}
