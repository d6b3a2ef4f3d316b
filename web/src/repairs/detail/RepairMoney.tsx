import { Button, Divider, Group, Modal, NumberInput, Paper, Select, Stack, Table, Text, TextInput, Title } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { type FormEvent, useState } from 'react';
import { isProblem } from '../../api/problem';
import { useSubmissionKey } from '../../api/submission-key';
import classes from '../../bespoke/detail/FinancialPanel.module.css';
import type { ShopFormat } from '../../format/shop-format';
import { type RepairDetail, type RepairPaymentBody, recordRepairPayment, repairKeys } from '../api';

type Kind = RepairPaymentBody['kind'];
const kindLabel: Record<Kind, string> = { deposit: 'Deposit', payment: 'Payment', refund: 'Refund' };
const methods = ['Card', 'Cash', 'Bank transfer', 'Other'];

function PaymentDialog({ job, kind, onClose, fmt }: { job: RepairDetail; kind: Kind | null; onClose: () => void; fmt: ShopFormat }) {
  const queryClient = useQueryClient();
  const [amount, setAmount] = useState<number | ''>('');
  const [method, setMethod] = useState<string | null>('Card');
  const [note, setNote] = useState('');
  const submission = useSubmissionKey();
  const save = useMutation({
    mutationFn: (k: Kind) =>
      recordRepairPayment(job.id, { kind: k, amountCents: amount === '' ? 0 : fmt.toCents(amount), method, note: note.trim() || null }, submission.current()),
    onSettled: submission.renew,
    onSuccess: (p) => {
      void queryClient.invalidateQueries({ queryKey: repairKeys.one(job.id) });
      void queryClient.invalidateQueries({ queryKey: repairKeys.lists });
      notifications.show({
        color: 'green',
        title: `${kindLabel[p.kind]} of ${fmt.money(p.amountCents)} recorded`,
        message: `Balance owing is now ${fmt.money(p.financials.balanceOwingCents)}.`,
      });
      setAmount('');
      setNote('');
      onClose();
    },
  });
  const errors = isProblem(save.error) ? save.error.fieldErrors() : {};
  const general = save.error && Object.keys(errors).length === 0 ? save.error.message : undefined;
  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (kind && !save.isPending) save.mutate(kind);
  };
  return (
    <Modal opened={kind !== null} onClose={onClose} title={kind ? `Record ${kindLabel[kind].toLowerCase()} for ${job.reference}` : ''} centered>
      <form onSubmit={submit} noValidate>
        <Stack>
          <NumberInput
            label="Amount"
            required
            data-autofocus
            leftSection={fmt.currencySymbol}
            decimalScale={fmt.fractionDigits}
            fixedDecimalScale
            thousandSeparator=","
            min={0}
            hideControls
            value={amount}
            error={errors.amountCents ?? general}
            onChange={(v) => setAmount(typeof v === 'number' ? v : v === '' ? '' : Number(v))}
          />
          <Select label="Method" data={methods} value={method} onChange={setMethod} error={errors.method} />
          <TextInput label="Note" value={note} error={errors.note} onChange={(e) => setNote(e.currentTarget.value)} />
          <Group justify="flex-end">
            <Button variant="default" onClick={onClose}>
              Cancel
            </Button>
            <Button type="submit" loading={save.isPending} color={kind === 'refund' ? 'red' : undefined}>
              Record {kind ? kindLabel[kind].toLowerCase() : ''}
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}

/** Estimate, final, deposit, paid and what the customer still owes, with the payments behind them. */
export function RepairMoney({ job, fmt }: { job: RepairDetail; fmt: ShopFormat }) {
  const [kind, setKind] = useState<Kind | null>(null);
  const f = job.financials;
  const rows: [string, number | null][] = [
    ['Estimate', f.quotedCents],
    ['Final price', f.finalCents],
    ['Deposit', f.depositCents],
    ['Paid', f.paidCents],
  ];
  if (f.refundedCents > 0) rows.push(['Refunded', f.refundedCents]);
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
          <dt>Balance owing</dt>
          <dd>{fmt.money(f.balanceOwingCents)}</dd>
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
          <Table verticalSpacing={4} fz="xs">
            <caption className="visually-hidden">Payments</caption>
            <Table.Tbody>
              {job.payments.map((p) => (
                <Table.Tr key={p.id}>
                  <Table.Td>{fmt.dateTime(p.createdAt)}</Table.Td>
                  <Table.Td>
                    {kindLabel[p.kind]}
                    {p.method ? ` · ${p.method}` : ''}
                  </Table.Td>
                  <Table.Td ta="right" className={p.kind === 'refund' ? classes.refund : undefined}>
                    {p.kind === 'refund' ? '−' : ''}
                    {fmt.money(p.amountCents)}
                  </Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </>
      )}
      <PaymentDialog job={job} kind={kind} onClose={() => setKind(null)} fmt={fmt} />
    </Paper>
  );
}
