import { Alert, Anchor, Button, Group, Paper, Skeleton, Stack, Text, Textarea, Title } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { IconArrowMerge, IconPencil } from '@tabler/icons-react';
import { useMutation, useQuery, useQueryClient, useSuspenseQuery } from '@tanstack/react-query';
import { useParams } from '@tanstack/react-router';
import { useEffect, useState } from 'react';
import { isProblem } from '../api/problem';
import { meQuery } from '../api/queries';
import { AppointmentsPanel } from '../calendar/AppointmentsPanel';
import { readablePhone } from '../format/phone';
import { useShopFormat } from '../format/use-shop-format';
import { NotFoundPage } from '../layout/NotFoundPage';
import { usePageTitle } from '../layout/page-title';
import { CustomerContactModal } from '../notifications/CustomerContactModal';
import { CustomerJobs } from './CustomerJobs';
import { customerJobsQuery, customerKeys, customerQuery, saveNotes } from './customers-api';
import { MergeCustomerModal } from './MergeCustomerModal';

const channelNames = { email: 'e-mail', sms: 'text message', whatsapp: 'WhatsApp' } as const;
const paymentNames = { deposit: 'Deposit', payment: 'Payment', refund: 'Refund' } as const;

/** /customers/:id: how to reach them, every job of theirs with what is owed, what they paid, and notes. */
export function CustomerPage() {
  const { id } = useParams({ from: '/staff/customers/$id' });
  // One screen per customer: after a merge leads to the kept customer, nothing typed for the other (their notes) is carried over.
  return <CustomerScreen key={id} id={id} />;
}

function CustomerScreen({ id }: { id: string }) {
  const fmt = useShopFormat();
  const { data: me } = useSuspenseQuery(meQuery);
  const queryClient = useQueryClient();
  const customer = useQuery(customerQuery(id));
  const jobs = useQuery(customerJobsQuery(id));
  const [editing, setEditing] = useState(false);
  const [merging, setMerging] = useState(false);
  usePageTitle(customer.data?.name ?? 'Customer');
  const [notes, setNotes] = useState<string | null>(null);
  useEffect(() => {
    if (customer.data && notes === null) setNotes(customer.data.notes ?? '');
  }, [customer.data, notes]);
  const save = useMutation({
    mutationFn: () => saveNotes(id, notes?.trim() || null),
    onSuccess: () => {
      notifications.show({ color: 'green', title: 'Notes saved', message: '' });
      return queryClient.invalidateQueries({ queryKey: customerKeys.detail(id) });
    },
  });

  if (isProblem(customer.error, 'not_found')) return <NotFoundPage />;
  if (customer.isError) return <Alert color="red">{isProblem(customer.error) ? customer.error.detail : 'The customer could not be loaded.'}</Alert>;
  if (!customer.data) return <Skeleton h={320} maw={880} mx="auto" />;
  const c = customer.data;

  return (
    <Stack maw={880} mx="auto" gap="lg">
      <Paper withBorder p="md" radius="md">
        <Group justify="space-between" align="flex-start" wrap="wrap">
          <Stack gap={4} miw={0}>
            <Title order={1} size="h2" style={{ overflowWrap: 'anywhere' }}>
              {c.name}
            </Title>
            {c.phone && (
              <Anchor href={`tel:${c.phone}`} size="sm">
                {readablePhone(c.phone, me.shop.country)}
              </Anchor>
            )}
            {c.email && (
              <Anchor href={`mailto:${c.email}`} size="sm" style={{ overflowWrap: 'anywhere' }}>
                {c.email}
              </Anchor>
            )}
            <Text size="sm" c="dimmed">
              Prefers {channelNames[c.preferredChannel]} · customer since {fmt.date(c.createdAt.slice(0, 10))}
            </Text>
          </Stack>
          <Group gap="xs">
            <Button variant="default" leftSection={<IconPencil size={16} aria-hidden />} onClick={() => setEditing(true)}>
              Edit contact details
            </Button>
            {me.user.role !== 'staff' && (
              <Button variant="default" color="red" leftSection={<IconArrowMerge size={16} aria-hidden />} onClick={() => setMerging(true)}>
                Merge into…
              </Button>
            )}
          </Group>
        </Group>
        {c.merges.map((m) => (
          <Text key={m.id} size="xs" c="dimmed" mt="xs">
            Merged from {m.mergedName}
            {m.mergedEmail ? ` (${m.mergedEmail})` : ''} by {m.mergedBy ?? 'a former member'} · {fmt.dateTime(m.createdAt)} · {m.jobsMoved}{' '}
            {m.jobsMoved === 1 ? 'job' : 'jobs'}, {m.paymentsMoved} {m.paymentsMoved === 1 ? 'payment' : 'payments'} moved
          </Text>
        ))}
      </Paper>

      {jobs.data ? <CustomerJobs jobs={jobs.data} payments={c.payments} /> : <Skeleton h={120} />}

      <AppointmentsPanel about={{ customer: { id: c.id, name: c.name } }} />

      <Stack gap="xs" component="section" aria-labelledby="customer-payments">
        <Text component="h2" id="customer-payments" fw={700} size="lg">
          Payments
        </Text>
        {c.payments.length === 0 && <Text c="dimmed">No payments yet.</Text>}
        {c.payments.map((p) => (
          <Group key={p.id} justify="space-between" wrap="wrap" gap="xs">
            <Text size="sm">
              {fmt.dateTime(p.createdAt)} · {paymentNames[p.kind as keyof typeof paymentNames] ?? p.kind}
              {p.jobReference ? ` · ${p.jobReference}` : ''}
              {p.method ? ` · ${p.method}` : ''}
              {p.voidedAt ? ' · voided' : ''}
            </Text>
            <Text size="sm" fw={600} c={p.kind === 'refund' ? 'red.9' : undefined} td={p.voidedAt ? 'line-through' : undefined}>
              {p.kind === 'refund' ? '−' : ''}
              {fmt.money(p.amountCents)}
            </Text>
          </Group>
        ))}
      </Stack>

      <Stack gap="xs" component="section" aria-labelledby="customer-notes">
        <Text component="h2" id="customer-notes" fw={700} size="lg">
          Notes
        </Text>
        <Textarea
          aria-labelledby="customer-notes"
          autosize
          minRows={3}
          placeholder="Ring sizes, metals they wear, allergies, anniversaries…"
          value={notes ?? ''}
          onChange={(e) => setNotes(e.currentTarget.value)}
          error={isProblem(save.error) ? save.error.detail : undefined}
        />
        <Group justify="flex-end">
          <Button onClick={() => save.mutate()} loading={save.isPending} disabled={(notes ?? '') === (c.notes ?? '')}>
            Save notes
          </Button>
        </Group>
      </Stack>

      <MergeCustomerModal customer={c} opened={merging} onClose={() => setMerging(false)} />
      <CustomerContactModal
        customer={editing ? c : null}
        onClose={() => setEditing(false)}
        onSaved={() => queryClient.invalidateQueries({ queryKey: customerKeys.detail(id) })}
      />
    </Stack>
  );
}
