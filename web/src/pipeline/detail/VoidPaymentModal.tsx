import { Button, Group, Modal, Stack, Text, Textarea } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { type FormEvent, useEffect, useState } from 'react';
import { balanceStanding } from '../../../../src/domain/money';
import { isProblem } from '../../api/problem';
import { useSingleFlight, useSubmissionKey } from '../../api/submission-key';
import type { Payment } from '../../api/types';
import type { ShopFormat } from '../../format/shop-format';
import { pipelineKeys } from '../queries';
import type { JobApi, PipelineDetail } from '../types';
import { balanceWords } from './balance-words';
import { kindLabel } from './PaymentModal';

interface Props<D extends PipelineDetail<string>> {
  p: { kind: string; api: Pick<JobApi<string, unknown, D, never>, 'voidPayment'> };
  job: D;
  payment: Payment | null;
  onClose: () => void;
  fmt: ShopFormat;
  cancelled: boolean;
}

/** Voids a payment taken in error, with a reason: it stays in the list, marked, and stops counting. */
export function VoidPaymentModal<D extends PipelineDetail<string>>({ p, job, payment, onClose, fmt, cancelled }: Props<D>) {
  const keys = pipelineKeys(p.kind);
  const queryClient = useQueryClient();
  const [reason, setReason] = useState('');
  const submission = useSubmissionKey();
  const once = useSingleFlight();
  const save = useMutation({
    mutationFn: (target: Payment) => p.api.voidPayment(job.id, target.id, reason.trim(), submission.current()),
    onSettled: submission.renew,
    onSuccess: (voided) => {
      queryClient.setQueryData<D>(keys.one(job.id), (d) =>
        d ? { ...d, financials: voided.financials, payments: d.payments.map((x) => (x.id === voided.id ? voided : x)) } : d,
      );
      void queryClient.invalidateQueries({ queryKey: keys.one(job.id) });
      void queryClient.invalidateQueries({ queryKey: keys.lists });
      notifications.show({
        color: 'green',
        title: `${kindLabel[voided.kind]} of ${fmt.money(voided.amountCents)} voided`,
        message: balanceWords(balanceStanding(voided.financials, cancelled), fmt).sentence,
      });
      onClose();
    },
  });
  useEffect(() => {
    if (payment) {
      setReason('');
      save.reset();
    }
  }, [payment, save.reset]);
  const errors = isProblem(save.error) ? save.error.fieldErrors() : {};
  const general = save.error && Object.keys(errors).length === 0 ? save.error.message : undefined;
  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (payment) once(() => save.mutateAsync(payment));
  };
  return (
    <Modal
      opened={payment !== null}
      onClose={onClose}
      title={payment ? `Void ${kindLabel[payment.kind].toLowerCase()} of ${fmt.money(payment.amountCents)}` : ''}
      centered
    >
      <form onSubmit={submit} noValidate>
        <Stack>
          <Text size="sm">The payment stays on the record, marked voided with your name and reason, and no longer counts towards what is paid.</Text>
          <Textarea label="Reason" required data-autofocus value={reason} error={errors.reason ?? general} onChange={(e) => setReason(e.currentTarget.value)} />
          <Group justify="flex-end">
            <Button variant="default" onClick={onClose}>
              Cancel
            </Button>
            <Button type="submit" color="red" loading={save.isPending}>
              Void payment
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}
