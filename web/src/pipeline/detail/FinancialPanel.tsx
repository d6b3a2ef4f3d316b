import { Button, Divider, Group, Paper, Stack, Table, Text, Title } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { balanceStanding } from '../../../../src/domain/money';
import { meQuery } from '../../api/queries';
import type { Payment, PaymentKind } from '../../api/types';
import type { ShopFormat } from '../../format/shop-format';
import type { JobApi, PipelineDetail, PipelineWords } from '../types';
import { balanceWords } from './balance-words';
import classes from './FinancialPanel.module.css';
import { kindLabel, PaymentModal } from './PaymentModal';
import { VoidPaymentModal } from './VoidPaymentModal';

interface Props<D extends PipelineDetail<string>> {
  p: { kind: string; words: PipelineWords; api: Pick<JobApi<string, unknown, D, never>, 'pay' | 'voidPayment'> };
  job: D;
  fmt: ShopFormat;
  /** A cancelled job owes nothing: its balance line says what is held instead. */
  cancelled: boolean;
}

/** Quoted, final, deposit, paid and what the customer still owes, with the payments behind them. */
export function FinancialPanel<D extends PipelineDetail<string>>({ p, job, fmt, cancelled }: Props<D>) {
  const [kind, setKind] = useState<PaymentKind | null>(null);
  const [voiding, setVoiding] = useState<Payment | null>(null);
  // Voiding is for owners and managers; the server refuses anyone else all the same.
  const canVoid = useQuery(meQuery).data?.user.role !== 'staff';
  const f = job.financials;
  const rows: [string, number | null][] = [
    [p.words.quoted, f.quotedCents],
    ['Final price', f.finalCents],
    ['Deposit', f.depositCents],
    // Paid is what was taken less what was given back: said so once anything was given back.
    [f.refundedCents > 0 ? 'Paid, less refunds' : 'Paid', f.paidCents],
  ];
  if (f.refundedCents > 0) rows.push(['Refunded', f.refundedCents]);
  const balance = balanceWords(balanceStanding(f, cancelled), fmt);
  return (
    <Paper p="md">
      <Title order={2} size="h4" mb="sm">
        Money
      </Title>
      <dl className={classes.figures}>
        {rows.map(([label, value]) => (
          <div key={label} className={classes.row}>
            <dt>{label}</dt>
            <dd>{fmt.money(value)}</dd>
          </div>
        ))}
        <div className={classes.owing} data-testid="balance-owing">
          <dt>{balance.label}</dt>
          <dd>{balance.value}</dd>
        </div>
      </dl>
      <Text size="xs" fw={600} mt="md" mb={4}>
        Record
      </Text>
      <Group gap="xs" grow>
        <Button size="xs" variant="light" aria-label="Record deposit" onClick={() => setKind('deposit')}>
          Deposit
        </Button>
        <Button size="xs" variant="light" aria-label="Record payment" onClick={() => setKind('payment')}>
          Payment
        </Button>
        <Button size="xs" variant="light" color="red" aria-label="Record refund" onClick={() => setKind('refund')}>
          Refund
        </Button>
      </Group>
      {job.payments.length > 0 && (
        <>
          <Divider my="md" />
          <Stack gap={4}>
            <Text size="sm" fw={600}>
              Payments
            </Text>
            <Table verticalSpacing={4} fz="xs">
              <Table.Tbody>
                {job.payments.map((p) => (
                  <Table.Tr key={p.id} data-voided={p.voided ? 'true' : undefined}>
                    <Table.Td>{fmt.dateTime(p.createdAt)}</Table.Td>
                    <Table.Td>
                      {kindLabel[p.kind]}
                      {p.method ? ` · ${p.method}` : ''}
                      {p.voided && (
                        <Text size="xs" c="dimmed">
                          Voided by {p.voided.by ?? 'a former member'} · {fmt.dateTime(p.voided.at)} · {p.voided.reason}
                        </Text>
                      )}
                    </Table.Td>
                    <Table.Td ta="right" className={p.voided ? classes.voided : p.kind === 'refund' ? classes.refund : undefined}>
                      {p.kind === 'refund' ? '−' : ''}
                      {fmt.money(p.amountCents)}
                    </Table.Td>
                    {canVoid && (
                      <Table.Td ta="right" w={1}>
                        {!p.voided && (
                          <Button
                            size="compact-xs"
                            variant="subtle"
                            color="red"
                            aria-label={`Void ${kindLabel[p.kind].toLowerCase()} of ${fmt.money(p.amountCents)}`}
                            onClick={() => setVoiding(p)}
                          >
                            Void
                          </Button>
                        )}
                      </Table.Td>
                    )}
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          </Stack>
        </>
      )}
      <PaymentModal p={p} job={job} kind={kind} onClose={() => setKind(null)} fmt={fmt} cancelled={cancelled} />
      <VoidPaymentModal p={p} job={job} payment={voiding} onClose={() => setVoiding(null)} fmt={fmt} cancelled={cancelled} />
    </Paper>
  );
}
