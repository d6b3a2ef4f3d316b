import { ActionIcon, Button, Group, NumberInput, Paper, SegmentedControl, Select, Stack, Text, Textarea, TextInput, Title } from '@mantine/core';
import { DateInput } from '@mantine/dates';
import { notifications } from '@mantine/notifications';
import { IconPlus, IconTrash } from '@tabler/icons-react';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useNavigate } from '@tanstack/react-router';
import { type FormEvent, useState } from 'react';
import { type FieldError, isProblem } from '../api/problem';
import { useSingleFlight, useSubmissionKey } from '../api/submission-key';
import { addDays } from '../format/shop-format';
import { useShopFormat } from '../format/use-shop-format';
import { usePageTitle } from '../layout/page-title';
import { MoneyInput } from '../pipeline/form/MoneyInput';
import { type CreateMemo, contactsQuery, createMemo, type ItemInput, memoKeys } from './memos-api';

interface ItemForm {
  key: number;
  kind: 'stone' | 'piece';
  stoneType: string;
  shape: string;
  carat: number | '';
  colour: string;
  clarity: string;
  measurements: string;
  certificateLab: string;
  certificateNumber: string;
  description: string;
  cost: number | '';
  retail: number | '';
}

let nextKey = 1;
const newItem = (kind: ItemForm['kind'] = 'stone'): ItemForm => ({
  key: nextKey++,
  kind,
  stoneType: '',
  shape: '',
  carat: '',
  colour: '',
  clarity: '',
  measurements: '',
  certificateLab: '',
  certificateNumber: '',
  description: '',
  cost: '',
  retail: '',
});

/** Field errors by the API's full path (items.1.retailCents), so each shows beside its own item's field. */
function byPath(errors: FieldError[]): Record<string, string> {
  const out: Record<string, string> = {};
  for (const e of errors) out[e.path] ??= e.message;
  return out;
}

const NEW_CONTACT = 'new';
const orNull = (s: string) => (s.trim() ? s.trim() : null);

/** Taking a memo parcel in, or sending a consignment out: one column, phone first. */
export function NewMemoPage() {
  usePageTitle('New memo record');
  const fmt = useShopFormat();
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const contacts = useQuery(contactsQuery);
  const [direction, setDirection] = useState<'in' | 'out'>('in');
  const [contactId, setContactId] = useState<string | null>(NEW_CONTACT);
  const [contact, setContact] = useState({ name: '', company: '', phone: '', email: '' });
  const [receivedOn, setReceivedOn] = useState<string | null>(fmt.today());
  const [dueBackOn, setDueBackOn] = useState<string | null>(addDays(fmt.today(), 14));
  const [terms, setTerms] = useState('');
  const [items, setItems] = useState<ItemForm[]>([newItem()]);
  const submission = useSubmissionKey();
  const once = useSingleFlight();
  const save = useMutation({
    mutationFn: (body: CreateMemo) => createMemo(body, submission.current()),
    onSettled: submission.renew,
    onSuccess: (memo) => {
      void queryClient.invalidateQueries({ queryKey: memoKeys.all });
      notifications.show({ color: 'green', title: `${memo.reference} recorded`, message: `${memo.itemCount} ${memo.itemCount === 1 ? 'item' : 'items'}` });
      void navigate({ to: '/memos/$id', params: { id: memo.id } });
    },
  });
  const errors = isProblem(save.error) ? byPath(save.error.errors) : {};
  const general = save.error && Object.keys(errors).length === 0 ? save.error.message : undefined;
  const setItem = (key: number, patch: Partial<ItemForm>) => setItems((all) => all.map((i) => (i.key === key ? { ...i, ...patch } : i)));
  const cents = (n: number | '') => (n === '' ? null : fmt.toCents(n));

  const submit = (e: FormEvent) => {
    e.preventDefault();
    const body: CreateMemo = {
      direction,
      ...(contactId && contactId !== NEW_CONTACT
        ? { contactId }
        : { contact: { name: contact.name, company: orNull(contact.company), phone: orNull(contact.phone), email: orNull(contact.email) } }),
      receivedOn: receivedOn ?? '',
      dueBackOn: dueBackOn ?? null,
      terms: orNull(terms),
      items: items.map(
        (i): ItemInput => ({
          kind: i.kind,
          stoneType: i.kind === 'stone' ? orNull(i.stoneType) : null,
          shape: orNull(i.shape),
          carat: i.carat === '' ? null : i.carat,
          colour: orNull(i.colour),
          clarity: orNull(i.clarity),
          measurements: orNull(i.measurements),
          certificateLab: orNull(i.certificateLab),
          certificateNumber: orNull(i.certificateNumber),
          description: orNull(i.description),
          costCents: cents(i.cost),
          retailCents: cents(i.retail),
        }),
      ),
    };
    once(() => save.mutateAsync(body));
  };

  const who = direction === 'in' ? 'Vendor' : 'Consignee';
  return (
    <form onSubmit={submit} noValidate>
      <Stack gap="md" maw={640}>
        <Title order={1} size="h2">
          {direction === 'in' ? 'Take a memo parcel in' : 'Send a consignment out'}
        </Title>
        <SegmentedControl
          aria-label="Direction"
          value={direction}
          onChange={(v) => setDirection(v as 'in' | 'out')}
          data={[
            { value: 'in', label: 'Memo in' },
            { value: 'out', label: 'Consignment out' },
          ]}
          fullWidth
        />
        <Paper p="md">
          <Stack gap="sm">
            <Select
              label={who}
              data={[
                { value: NEW_CONTACT, label: `A new ${who.toLowerCase()}` },
                ...(contacts.data?.items ?? []).map((c) => ({ value: c.id, label: c.company ? `${c.name} (${c.company})` : c.name })),
              ]}
              value={contactId}
              onChange={setContactId}
              allowDeselect={false}
              searchable
              error={errors.contactId}
            />
            {contactId === NEW_CONTACT && (
              <>
                <TextInput
                  label="Name"
                  required
                  value={contact.name}
                  error={errors['contact.name'] ?? errors.contact}
                  onChange={(e) => setContact({ ...contact, name: e.currentTarget.value })}
                />
                <TextInput
                  label="Company"
                  value={contact.company}
                  error={errors['contact.company']}
                  onChange={(e) => setContact({ ...contact, company: e.currentTarget.value })}
                />
                <TextInput
                  label="Phone"
                  type="tel"
                  value={contact.phone}
                  error={errors['contact.phone']}
                  onChange={(e) => setContact({ ...contact, phone: e.currentTarget.value })}
                />
                <TextInput
                  label="E-mail"
                  type="email"
                  value={contact.email}
                  error={errors['contact.email']}
                  onChange={(e) => setContact({ ...contact, email: e.currentTarget.value })}
                />
              </>
            )}
            <DateInput
              label={direction === 'in' ? 'Received' : 'Sent'}
              required
              valueFormat={fmt.locale === 'en-US' ? 'MMM D, YYYY' : 'D MMM YYYY'}
              value={receivedOn}
              error={errors.receivedOn}
              onChange={setReceivedOn}
            />
            <DateInput
              label="Due back"
              clearable
              clearButtonProps={{ 'aria-label': 'No due-back date' }}
              valueFormat={fmt.locale === 'en-US' ? 'MMM D, YYYY' : 'D MMM YYYY'}
              value={dueBackOn}
              error={errors.dueBackOn}
              onChange={setDueBackOn}
            />
            <Textarea
              label="Terms"
              placeholder="14 days on memo; invoice on sale"
              autosize
              minRows={2}
              value={terms}
              error={errors.terms}
              onChange={(e) => setTerms(e.currentTarget.value)}
            />
          </Stack>
        </Paper>
        {items.map((i, n) => {
          const err = (f: string) => errors[`items.${n}.${f}`];
          return (
            <Paper p="md" key={i.key} data-testid="memo-item-form">
              <Stack gap="sm">
                <Group justify="space-between">
                  <Text fw={700}>Item {n + 1}</Text>
                  {items.length > 1 && (
                    <ActionIcon
                      variant="subtle"
                      color="gray"
                      aria-label={`Remove item ${n + 1}`}
                      onClick={() => setItems((all) => all.filter((x) => x.key !== i.key))}
                    >
                      <IconTrash size={16} aria-hidden />
                    </ActionIcon>
                  )}
                </Group>
                <SegmentedControl
                  aria-label={`Item ${n + 1} is a`}
                  value={i.kind}
                  onChange={(v) => setItem(i.key, { kind: v as ItemForm['kind'] })}
                  data={[
                    { value: 'stone', label: 'Loose stone' },
                    { value: 'piece', label: 'Piece' },
                  ]}
                  fullWidth
                />
                {i.kind === 'stone' ? (
                  <>
                    <TextInput
                      label="Stone"
                      placeholder="Diamond, Sapphire…"
                      required
                      value={i.stoneType}
                      error={err('stoneType')}
                      onChange={(e) => setItem(i.key, { stoneType: e.currentTarget.value })}
                    />
                    <Group grow gap="sm">
                      <TextInput label="Shape" value={i.shape} error={err('shape')} onChange={(e) => setItem(i.key, { shape: e.currentTarget.value })} />
                      <NumberInput
                        label="Carat"
                        min={0}
                        decimalScale={3}
                        hideControls
                        value={i.carat}
                        error={err('carat')}
                        onChange={(v) => setItem(i.key, { carat: typeof v === 'number' ? v : '' })}
                      />
                    </Group>
                    <Group grow gap="sm">
                      <TextInput label="Colour" value={i.colour} error={err('colour')} onChange={(e) => setItem(i.key, { colour: e.currentTarget.value })} />
                      <TextInput
                        label="Clarity"
                        value={i.clarity}
                        error={err('clarity')}
                        onChange={(e) => setItem(i.key, { clarity: e.currentTarget.value })}
                      />
                    </Group>
                    <TextInput
                      label="Measurements"
                      placeholder="6.5 × 4.5 × 3.1 mm"
                      value={i.measurements}
                      error={err('measurements')}
                      onChange={(e) => setItem(i.key, { measurements: e.currentTarget.value })}
                    />
                    <Group grow gap="sm">
                      <TextInput
                        label="Certificate lab"
                        placeholder="GIA"
                        value={i.certificateLab}
                        error={err('certificateLab')}
                        onChange={(e) => setItem(i.key, { certificateLab: e.currentTarget.value })}
                      />
                      <TextInput
                        label="Certificate no."
                        value={i.certificateNumber}
                        error={err('certificateNumber')}
                        onChange={(e) => setItem(i.key, { certificateNumber: e.currentTarget.value })}
                      />
                    </Group>
                  </>
                ) : (
                  <Textarea
                    label="Description"
                    required
                    autosize
                    minRows={2}
                    value={i.description}
                    error={err('description')}
                    onChange={(e) => setItem(i.key, { description: e.currentTarget.value })}
                  />
                )}
                <Group grow gap="sm">
                  <MoneyInput label="Cost" fmt={fmt} value={i.cost} error={err('costCents')} onChange={(v) => setItem(i.key, { cost: v })} />
                  <MoneyInput label="Retail" fmt={fmt} value={i.retail} error={err('retailCents')} onChange={(v) => setItem(i.key, { retail: v })} />
                </Group>
              </Stack>
            </Paper>
          );
        })}
        <Button variant="default" leftSection={<IconPlus size={16} aria-hidden />} onClick={() => setItems((all) => [...all, newItem(all.at(-1)?.kind)])}>
          Add another item
        </Button>
        {(general || errors.items) && (
          <Text c="red" size="sm" role="alert">
            {errors.items ?? general}
          </Text>
        )}
        <Button type="submit" size="md" loading={save.isPending}>
          {direction === 'in' ? 'Take the parcel in' : 'Send the consignment'}
        </Button>
      </Stack>
    </form>
  );
}
