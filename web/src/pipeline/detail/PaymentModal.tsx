import { Button, Group, Modal, Select, Stack, TextInput } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { type FormEvent, useEffect, useState } from 'react';
import { balanceStanding } from '../../../../src/domain/money';
import { isProblem } from '../../api/problem';
import { useSingleFlight, useSubmissionKey } from '../../api/submission-key';
import type { PaymentKind } from '../../api/types';
import type { ShopFormat } from '../../format/shop-format';
import { MoneyInput } from '../form/MoneyInput';
import { paymentMethods } from '../payment-methods';
import { pipelineKeys } from '../queries';
import type { JobApi, PipelineDetail } from '../types';
import { balanceWords } from './balance-words';

export const kindLabel: Record<PaymentKind, string> = { deposit: 'Deposit', payment: 'Payment', refund: 'Refund' };

interface Props<D extends PipelineDetail<string>> {
  p: { kind: string; api: Pick<JobApi<string, unknown, D, never>, 'pay'> };
  job: D;
  kind: PaymentKind | null;
  onClose: () => void;
  fmt: ShopFormat;
  cancelled: boolean;
}

export function PaymentModal<D extends PipelineDetail<string>>({ p, job, kind, onClose, fmt, cancelled }: Props<D>) {
  const keys = pipelineKeys(p.kind);
  const queryClient = useQueryClient();
  const [amount, setAmount] = useState<number | ''>('');
  const [method, setMethod] = useState<string | null>('Card');
  const [note, setNote] = useState('');
  const submission = useSubmissionKey();
  const once = useSingleFlight();
  const save = useMutation({
    mutationFn: (k: PaymentKind) =>
      p.api.pay(job.id, { kind: k, amountCents: amount === '' ? 0 : fmt.toCents(amount), method, note: note.trim() || null }, submission.current()),
    onSettled: submission.renew,
    onSuccess: (paid) => {
      queryClient.setQueryData<D>(keys.one(job.id), (d) => (d ? { ...d, financials: paid.financials, payments: [...d.payments, paid] } : d));
      void queryClient.invalidateQueries({ queryKey: keys.one(job.id) });
      void queryClient.invalidateQueries({ queryKey: keys.lists });
      notifications.show({
        color: 'green',
        title: `${kindLabel[paid.kind]} of ${fmt.money(paid.amountCents)} recorded`,
        message: balanceWords(balanceStanding(paid.financials, cancelled), fmt).sentence,
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
    if (kind) once(() => save.mutateAsync(kind));
  };
  return (
    <Modal opened={kind !== null} onClose={onClose} title={kind ? `Record ${kindLabel[kind].toLowerCase()} for ${job.reference}` : ''} centered>
      <form onSubmit={submit} noValidate>
        <Stack>
          <MoneyInput label="Amount" required data-autofocus fmt={fmt} value={amount} error={errors.amountCents ?? general} onChange={setAmount} />
          <Select label="Method" data={[...paymentMethods]} value={method} onChange={setMethod} error={errors.method} />
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
