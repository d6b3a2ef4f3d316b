import {
  Alert,
  Anchor,
  Badge,
  Button,
  Code,
  Grid,
  Group,
  Modal,
  Paper,
  Select,
  SimpleGrid,
  Stack,
  Switch,
  Text,
  Textarea,
  TextInput,
  Timeline,
  Title,
} from '@mantine/core';
import { notifications } from '@mantine/notifications';
import {
  IconAlertTriangle,
  IconArrowLeft,
  IconCertificate,
  IconCircleCheck,
  IconCircleX,
  IconExternalLink,
  IconKey,
  IconLink,
  IconMail,
} from '@tabler/icons-react';
import { useMutation, useQueryClient, useSuspenseQuery } from '@tanstack/react-query';
import { useParams } from '@tanstack/react-router';
import { type FormEvent, useState } from 'react';
import { isProblem } from '../api/problem';
import { useSingleFlight, useSubmissionKey } from '../api/submission-key';
import { useShopFormat } from '../format/use-shop-format';
import { AnchorLink } from '../layout/links';
import { MoneyInput } from '../pipeline/form/MoneyInput';
import { addEvent, certificateUrl, type EventBody, newTransferCode, type Passport, passportKeys, passportQuery, updatePassport } from './api';
import { EmailCertificateModal } from './EmailCertificateModal';
import { LinkedJobs, LinkJobModal } from './LinkedJobs';

const eventKinds: { value: EventBody['kind']; label: string }[] = [
  { value: 'repaired', label: 'Repaired' },
  { value: 'resized', label: 'Resized' },
  { value: 'stone_replaced', label: 'Stone replaced' },
  { value: 'serviced', label: 'Serviced' },
  { value: 'appraised', label: 'Appraised' },
  { value: 'reported_stolen', label: 'Reported stolen' },
  { value: 'reported_lost', label: 'Reported lost' },
  { value: 'recovered', label: 'Recovered' },
];

/** One passport: what it says, whether it verifies, its signed history, its owners, and what staff can add. */
export function PassportPage() {
  const { id } = useParams({ from: '/staff/passports/$id' });
  const { data: p } = useSuspenseQuery(passportQuery(id));
  const fmt = useShopFormat();
  const queryClient = useQueryClient();
  const setPassport = (next: Passport) => queryClient.setQueryData(passportKeys.one(id), next);
  const [eventKind, setEventKind] = useState<EventBody['kind'] | null>(null);
  const [code, setCode] = useState<{ code: string; expiresAt: string } | null>(null);
  const [emailing, setEmailing] = useState(false);
  const [linking, setLinking] = useState(false);
  const visibility = useMutation({ mutationFn: (body: Parameters<typeof updatePassport>[1]) => updatePassport(id, body), onSuccess: setPassport });
  const transfer = useMutation({
    mutationFn: () => newTransferCode(id),
    onSuccess: (c) => {
      setCode(c);
      void queryClient.invalidateQueries({ queryKey: passportKeys.one(id) });
    },
  });
  const facts: [string, string | null][] = [
    ['Type', p.jewelleryType],
    ['Metal', [p.metal, p.fineness].filter(Boolean).join(' ') || null],
    ['Hallmarks', p.hallmarks],
    ['Weight', p.weightGrams === null ? null : `${p.weightGrams} g`],
    ['Measurements', p.measurements],
    ['Maker', p.maker],
    ['Made', p.madeOn ? fmt.date(p.madeOn) : null],
    ['Origin', p.madeElsewhere ? 'Not made by this shop' : 'Made here'],
  ];
  return (
    <Stack gap="md">
      <AnchorLink to="/passports" size="sm">
        <Group gap={4}>
          <IconArrowLeft size={14} aria-hidden /> All passports
        </Group>
      </AnchorLink>
      <Group justify="space-between" align="flex-start">
        <div>
          <Group gap="sm">
            <Text fw={700} c="grape.9" data-testid="passport-number">
              {p.number}
            </Text>
            {p.verified ? (
              <Badge color="#1e6b34" leftSection={<IconCircleCheck size={12} aria-hidden />}>
                Verified
              </Badge>
            ) : (
              <Badge color="#a61b1b" leftSection={<IconCircleX size={12} aria-hidden />}>
                Not verified
              </Badge>
            )}
            <Badge variant="light" color="gray">
              {p.visibility === 'public' ? 'Public' : 'Private'}
            </Badge>
          </Group>
          <Title order={1} size="h2">
            {p.title}
          </Title>
          <Text size="sm">Owned by {p.ownerName}</Text>
        </div>
        <Group gap="xs">
          <Button
            component="a"
            href={certificateUrl(p.id)}
            target="_blank"
            rel="noreferrer"
            variant="default"
            leftSection={<IconCertificate size={16} aria-hidden />}
          >
            Certificate
          </Button>
          <Button variant="default" leftSection={<IconMail size={16} aria-hidden />} onClick={() => setEmailing(true)}>
            E-mail certificate to owner
          </Button>
          <Button component="a" href={p.verifyUrl} target="_blank" rel="noreferrer" variant="default" leftSection={<IconExternalLink size={16} aria-hidden />}>
            Open /verify
          </Button>
        </Group>
      </Group>
      {p.missing && (
        <Alert color="red" icon={<IconAlertTriangle aria-hidden />} title={`Reported ${p.missing}`} role="alert">
          /verify warns anyone who looks this piece up. Record a recovery when it is found.
        </Alert>
      )}
      <Grid gap="md">
        <Grid.Col span={{ base: 12, md: 7, lg: 8 }}>
          <Stack gap="md">
            <Paper p="md">
              <SimpleGrid cols={{ base: 2, lg: 4 }} spacing="sm">
                {facts.map(([k, v]) => (
                  <div key={k}>
                    <Text size="xs" c="dimmed">
                      {k}
                    </Text>
                    <Text size="sm">{v ?? '—'}</Text>
                  </div>
                ))}
              </SimpleGrid>
              {p.stones.length > 0 && (
                <Stack gap={2} mt="md">
                  <Text size="xs" c="dimmed">
                    Stones
                  </Text>
                  {p.stones.map((s) => (
                    <Text size="sm" key={`${s.kind}-${s.certificateNumber}-${s.carat}`}>
                      {[
                        s.carat === null ? null : `${s.carat} ct`,
                        s.shape,
                        s.kind,
                        s.colour,
                        s.clarity,
                        [s.certificateLab, s.certificateNumber].filter(Boolean).join(' '),
                      ]
                        .filter(Boolean)
                        .join(' · ')}
                    </Text>
                  ))}
                </Stack>
              )}
            </Paper>
            <Paper p="md">
              <Title order={2} size="h4" mb="sm">
                History
              </Title>
              <Timeline bulletSize={14} lineWidth={2} active={p.events.length}>
                {p.events.map((e) => (
                  <Timeline.Item key={e.seq} title={e.label} color={e.kind.startsWith('reported') ? 'red' : undefined}>
                    <Text size="xs" c="dimmed">
                      {fmt.date(e.occurredOn)}
                    </Text>
                    {e.note && <Text size="sm">{e.note}</Text>}
                    {e.valueCents !== null && <Text size="sm">Value {fmt.money(e.valueCents)}</Text>}
                  </Timeline.Item>
                ))}
              </Timeline>
            </Paper>
          </Stack>
        </Grid.Col>
        <Grid.Col span={{ base: 12, md: 5, lg: 4 }}>
          <Stack gap="md">
            <Paper p="md">
              <Title order={2} size="h4" mb="sm">
                Add to the history
              </Title>
              <Group gap="xs">
                <Select
                  aria-label="Event"
                  placeholder="What happened?"
                  data={eventKinds}
                  value={null}
                  onChange={(v) => setEventKind(v as EventBody['kind'] | null)}
                  style={{ flex: 1 }}
                />
                <Button color="red" variant="light" onClick={() => setEventKind(p.missing ? 'recovered' : 'reported_stolen')}>
                  {p.missing ? 'Record recovery' : 'Report stolen'}
                </Button>
              </Group>
            </Paper>
            <Paper p="md" component="section" aria-labelledby="linked-jobs-h">
              <Title order={2} size="h4" mb="xs" id="linked-jobs-h">
                Work on this piece
              </Title>
              <LinkedJobs passport={p} onChange={setPassport} />
              <Button variant="default" fullWidth mt="sm" leftSection={<IconLink size={16} aria-hidden />} onClick={() => setLinking(true)}>
                Link a job
              </Button>
            </Paper>
            <Paper p="md">
              <Title order={2} size="h4" mb="sm">
                Ownership
              </Title>
              <Stack gap={4} mb="sm">
                {p.owners.map((o) => (
                  <Text size="sm" key={o.seq}>
                    {o.seq}. {o.name}
                    {o.contact ? ` · ${o.contact}` : ''}{' '}
                    <Text span size="xs" c="dimmed">
                      since {fmt.date(o.since.slice(0, 10))}
                    </Text>
                  </Text>
                ))}
              </Stack>
              <Button
                variant="default"
                fullWidth
                leftSection={<IconKey size={16} aria-hidden />}
                loading={transfer.isPending}
                onClick={() => transfer.mutate()}
              >
                {p.openTransfer ? 'New transfer code' : 'Transfer code'}
              </Button>
              {code && (
                <Alert mt="sm" color="green" title="Give this code to the owner">
                  <Code fz="lg" data-testid="transfer-code">
                    {code.code}
                  </Code>
                  <Text size="xs" mt={4}>
                    Shown once. The new owner claims the piece with it on /verify, until {fmt.date(code.expiresAt.slice(0, 10))}.
                  </Text>
                </Alert>
              )}
            </Paper>
            <Paper p="md">
              <Title order={2} size="h4" mb="sm">
                Who sees it
              </Title>
              <Stack gap="xs">
                <Switch
                  label="Public on /verify"
                  checked={p.visibility === 'public'}
                  onChange={(e) => visibility.mutate({ visibility: e.currentTarget.checked ? 'public' : 'private' })}
                />
                <Switch label="Show appraised values" checked={p.showValues} onChange={(e) => visibility.mutate({ showValues: e.currentTarget.checked })} />
                <Anchor href={p.verifyUrl} size="xs" target="_blank" rel="noreferrer">
                  {p.verifyUrl}
                </Anchor>
              </Stack>
            </Paper>
          </Stack>
        </Grid.Col>
      </Grid>
      {emailing && <EmailCertificateModal passport={p} onClose={() => setEmailing(false)} />}
      {linking && <LinkJobModal passport={p} onLinked={setPassport} onClose={() => setLinking(false)} />}
      <EventModal
        passport={p}
        kind={eventKind}
        onClose={() => setEventKind(null)}
        onSaved={(next) => {
          setPassport(next);
          notifications.show({ color: 'green', title: 'Added to the history', message: 'Signed and chained to the record before it.' });
        }}
      />
    </Stack>
  );
}

function EventModal({
  passport,
  kind,
  onClose,
  onSaved,
}: {
  passport: Passport;
  kind: EventBody['kind'] | null;
  onClose: () => void;
  onSaved: (p: Passport) => void;
}) {
  const fmt = useShopFormat();
  const submission = useSubmissionKey();
  const once = useSingleFlight();
  const [note, setNote] = useState('');
  const [on, setOn] = useState('');
  const [value, setValue] = useState<number | ''>('');
  const save = useMutation({
    mutationFn: (k: EventBody['kind']) =>
      addEvent(
        passport.id,
        {
          kind: k,
          note: note.trim() || null,
          ...(on ? { occurredOn: on } : {}),
          ...(k === 'appraised' && value !== '' ? { valueCents: fmt.toCents(value) } : {}),
        },
        submission.current(),
      ),
    onSettled: submission.renew,
    onSuccess: (next) => {
      onSaved(next);
      setNote('');
      setOn('');
      setValue('');
      onClose();
    },
  });
  const errors = isProblem(save.error) ? save.error.fieldErrors() : {};
  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (kind) once(() => save.mutateAsync(kind));
  };
  const label = eventKinds.find((k) => k.value === kind)?.label ?? '';
  return (
    <Modal opened={kind !== null} onClose={onClose} title={`${label}: ${passport.number}`} centered>
      <form onSubmit={submit} noValidate>
        <Stack>
          <TextInput
            label="Date"
            type="date"
            value={on}
            onChange={(e) => setOn(e.currentTarget.value)}
            error={errors.occurredOn}
            description="Today if left empty"
          />
          {kind === 'appraised' && <MoneyInput label="Value" fmt={fmt} value={value} onChange={setValue} error={errors.valueCents} />}
          <Textarea label="Note (shown on /verify)" value={note} onChange={(e) => setNote(e.currentTarget.value)} error={errors.note} data-autofocus />
          {save.error && Object.keys(errors).length === 0 && (
            <Text c="red" size="sm" role="alert">
              {save.error.message}
            </Text>
          )}
          <Group justify="flex-end">
            <Button variant="default" onClick={onClose}>
              Cancel
            </Button>
            <Button type="submit" loading={save.isPending} color={kind?.startsWith('reported') ? 'red' : undefined}>
              Sign and add
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}
