import { Button, Group, Modal, NumberInput, Select, Stack, TextInput } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { type FormEvent, useEffect, useState } from 'react';
import { recordPayment } from '../../api/mutations';
import { isProblem } from '../../api/problem';
import { keys } from '../../api/queries';
import { useSubmissionKey } from '../../api/submission-key';
import type { JobDetail, PaymentKind } from '../../api/types';
import type { ShopFormat } from '../../format/shop-format';

export const kindLabel: Record<PaymentKind, string> = { deposit: 'Deposit', payment: 'Payment', refund: 'Refund' };
const methods = ['Card', 'Cash', 'Bank transfer', 'Other'];

interface Props {
  job: JobDetail;
  kind: PaymentKind | null;
  onClose: () => void;
  fmt: ShopFormat;
}

export function PaymentModal({ job, kind, onClose, fmt }: Props) {
  const queryClient = useQueryClient();
  const [amount, setAmount] = useState<number | ''>('');
  const [method, setMethod] = useState<string | null>('Card');
  const [note, setNote] = useState('');
  const submission = useSubmissionKey();
  const save = useMutation({
    mutationFn: (k: PaymentKind) =>
      recordPayment(job.id, { kind: k, amountCents: amount === '' ? 0 : fmt.toCents(amount), method, note: note.trim() || null }, submission.current()),
    onSettled: submission.renew,
    onSuccess: (p) => {
      queryClient.setQueryData<JobDetail>(keys.job(job.id), (d) => (d ? { ...d, financials: p.financials, payments: [...d.payments, p] } : d));
      void queryClient.invalidateQueries({ queryKey: keys.job(job.id) });
      void queryClient.invalidateQueries({ queryKey: keys.jobs });
      notifications.show({
        color: 'green',
        title: `${kindLabel[p.kind]} of ${fmt.money(p.amountCents)} recorded`,
        message: `Balance owing is now ${fmt.money(p.financials.balanceOwingCents)}.`,
      });
      onClose();
    },
  });
  useEffect(() => {
    if (kind) {
      setAmount('');
      setNote('');
      setMethod('Card');
      save.reset();
    }
  }, [kind, save.reset]);
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
