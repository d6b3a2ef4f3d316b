import { Alert, Anchor, Badge, Button, Grid, Group, Image, Paper, Select, SimpleGrid, Skeleton, Stack, Text, Textarea, Title } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useParams } from '@tanstack/react-router';
import { useEffect, useState } from 'react';
import { ApiProblem } from '../api/problem';
import { useSingleFlight, useSubmissionKey } from '../api/submission-key';
import { useReadablePhone } from '../format/phone';
import { useShopFormat } from '../format/use-shop-format';
import { AnchorLink } from '../layout/links';
import { pipelineOfKind, pipelines } from '../pipelines';
import {
  budgetLabel,
  type ConvertKind,
  convert,
  type EnquiryDetail,
  enquiryKeys,
  enquiryQuery,
  reply,
  type SettableStatus,
  setStatus,
  statusLabels,
  topicLabels,
} from './enquiries-api';

const settable: SettableStatus[] = ['new', 'contacted', 'booked', 'completed', 'spam'];

/** One enquiry: what was asked, the pictures, its status, the conversation, and converting it to a job. */
export function EnquiryPage() {
  const { id } = useParams({ from: '/staff/enquiries/$id' });
  const fmt = useShopFormat();
  const phone = useReadablePhone();
  const queryClient = useQueryClient();
  const enquiry = useQuery(enquiryQuery(id));
  // Opening it marks it read: the inbox and the hub's count change.
  useEffect(() => {
    if (enquiry.isSuccess) void queryClient.invalidateQueries({ queryKey: enquiryKeys.unread });
  }, [enquiry.isSuccess, queryClient]);
  const refresh = (e: EnquiryDetail) => {
    queryClient.setQueryData(enquiryKeys.detail(id), e);
    void queryClient.invalidateQueries({ queryKey: enquiryKeys.list });
  };

  if (!enquiry.isSuccess) return <Skeleton h={400} aria-label="Loading the enquiry" />;
  const e = enquiry.data;
  return (
    <div>
      <AnchorLink to="/enquiries" size="sm">
        ← Enquiries
      </AnchorLink>
      <Group justify="space-between" align="baseline" mt="xs" mb="md">
        <Title order={1} size="h2">
          {e.name}
        </Title>
        <Group gap="xs">
          <Text c="dimmed" size="sm">
            {e.reference}
          </Text>
          <Badge variant="light">{statusLabels[e.status]}</Badge>
        </Group>
      </Group>
      <Grid gap="md">
        <Grid.Col span={{ base: 12, md: 7 }}>
          <Stack gap="md">
            <Paper p="md" component="section" aria-labelledby="asked">
              <Title order={2} size="h4" id="asked" mb="xs">
                {topicLabels[e.topic]}
              </Title>
              <Text style={{ whiteSpace: 'pre-wrap' }}>{e.description}</Text>
              <Text size="sm" c="dimmed" mt="sm">
                Budget: {budgetLabel(e.budget, fmt)} · received {fmt.dateTime(e.createdAt)}
              </Text>
              <Text size="sm" mt="xs">
                {e.email ? <Anchor href={`mailto:${e.email}`}>{e.email}</Anchor> : null}
                {e.email && e.phone ? ' · ' : null}
                {e.phone ? <Anchor href={`tel:${e.phone}`}>{phone(e.phone)}</Anchor> : null}
              </Text>
            </Paper>
            {e.images.length > 0 ? (
              <Paper p="md" component="section" aria-labelledby="pictures">
                <Title order={2} size="h4" id="pictures" mb="xs">
                  Reference pictures
                </Title>
                <SimpleGrid cols={{ base: 2, sm: 3 }} spacing="xs">
                  {e.images.map((img, n) => (
                    <a key={img.id} href={img.url} target="_blank" rel="noopener">
                      <Image
                        src={img.thumbnailUrl}
                        alt={`Reference picture ${n + 1}${img.fileName ? `: ${img.fileName}` : ''}`}
                        radius="sm"
                        h={120}
                        fit="cover"
                      />
                    </a>
                  ))}
                </SimpleGrid>
              </Paper>
            ) : null}
            <Conversation e={e} onChange={refresh} />
          </Stack>
        </Grid.Col>
        <Grid.Col span={{ base: 12, md: 5 }}>
          <Stack gap="md">
            <StatusPanel e={e} onChange={refresh} />
            <ConvertPanel e={e} onChange={refresh} />
          </Stack>
        </Grid.Col>
      </Grid>
    </div>
  );
}

function Conversation({ e, onChange }: { e: EnquiryDetail; onChange: (e: EnquiryDetail) => void }) {
  const fmt = useShopFormat();
  const [body, setBody] = useState('');
  // A double click sends one reply: the same key, and the second click is not sent at all.
  const submission = useSubmissionKey();
  const once = useSingleFlight();
  const send = useMutation({
    mutationFn: () => reply(e.id, body.trim(), submission.current()),
    onSettled: submission.renew,
    onSuccess: (made) => {
      onChange(made);
      setBody('');
      notifications.show({ color: 'green', title: 'Reply on its way', message: `${e.name} gets it by ${e.email ? 'e-mail' : 'text message'}.` });
    },
  });
  return (
    <Paper p="md" component="section" aria-labelledby="replies">
      <Title order={2} size="h4" id="replies" mb="xs">
        Replies
      </Title>
      {e.replies.length === 0 ? (
        <Text size="sm" c="dimmed" mb="sm">
          No reply yet. An acknowledgement went out automatically.
        </Text>
      ) : (
        <Stack gap="xs" mb="sm">
          {e.replies.map((r) => (
            <Paper key={r.id} p="xs" bg="var(--mantine-color-gray-0)" withBorder={false}>
              <Text size="sm" style={{ whiteSpace: 'pre-wrap' }}>
                {r.body}
              </Text>
              <Text size="xs" c="dimmed">
                {r.authorName ?? 'Staff'} · {fmt.dateTime(r.createdAt)}
              </Text>
            </Paper>
          ))}
        </Stack>
      )}
      <form
        onSubmit={(ev) => {
          ev.preventDefault();
          if (body.trim()) once(() => send.mutateAsync());
        }}
      >
        <Textarea label="Your reply" autosize minRows={3} maxLength={2000} value={body} onChange={(ev) => setBody(ev.currentTarget.value)} />
        {send.error ? (
          <Text c="red" size="sm" mt="xs" role="alert">
            {send.error.message}
          </Text>
        ) : null}
        <Button type="submit" mt="sm" loading={send.isPending} disabled={!body.trim()}>
          Send reply
        </Button>
      </form>
    </Paper>
  );
}

function StatusPanel({ e, onChange }: { e: EnquiryDetail; onChange: (e: EnquiryDetail) => void }) {
  const move = useMutation({ mutationFn: (s: SettableStatus) => setStatus(e.id, s), onSuccess: onChange });
  if (e.status === 'converted') return null;
  return (
    <Paper p="md" component="section" aria-labelledby="status-title">
      <Title order={2} size="h4" id="status-title" mb="xs">
        Status
      </Title>
      <Select
        label="Where this enquiry is"
        data={settable.map((s) => ({ value: s, label: statusLabels[s] }))}
        value={e.status}
        allowDeselect={false}
        onChange={(v) => {
          if (v && v !== e.status) move.mutate(v as SettableStatus);
        }}
      />
      {move.error ? (
        <Text c="red" size="sm" mt="xs" role="alert">
          {move.error.message}
        </Text>
      ) : null}
    </Paper>
  );
}

function ConvertPanel({ e, onChange }: { e: EnquiryDetail; onChange: (e: EnquiryDetail) => void }) {
  const queryClient = useQueryClient();
  // What the enquiry asked for; an appointment asks for no pipeline, so staff choose.
  const [kind, setKind] = useState<string | null>(e.suggestedKind);
  const run = useMutation({
    // The choices are the staff app's pipelines, which are the server's kinds.
    mutationFn: (to: string) => convert(e.id, to as ConvertKind),
    onSuccess: (made) => {
      onChange(made.enquiry);
      void queryClient.invalidateQueries({ queryKey: ['jobs'] });
      notifications.show({
        color: 'green',
        title: `${made.job.reference} made`,
        message: made.customer.matched ? `For ${made.customer.name}, already a customer.` : `${made.customer.name} added as a new customer.`,
      });
    },
  });
  const job = e.job;
  if (job) {
    const p = pipelineOfKind(job.kind);
    return (
      <Paper p="md" component="section" aria-labelledby="convert-title">
        <Title order={2} size="h4" id="convert-title" mb="xs">
          Converted
        </Title>
        <Text size="sm">
          Made into{' '}
          <AnchorLink to="/$pipeline/$id" params={{ pipeline: p?.base ?? job.kind, id: job.id }} fw={700}>
            {job.reference}
          </AnchorLink>
          {e.customerId ? (
            <>
              {' for '}
              <AnchorLink to="/customers/$id" params={{ id: e.customerId }}>
                the customer
              </AnchorLink>
            </>
          ) : null}
          .
        </Text>
      </Paper>
    );
  }
  const problem = run.error instanceof ApiProblem ? run.error : null;
  return (
    <Paper p="md" component="section" aria-labelledby="convert-title">
      <Title order={2} size="h4" id="convert-title" mb="xs">
        Make it a job
      </Title>
      <Text size="sm" c="dimmed" mb="sm">
        The customer is matched by e-mail or phone (or added), and the description and pictures go on the new job. What only the piece can tell (its type, the
        work) is filled in when it comes in.
      </Text>
      <Select
        label="Pipeline"
        placeholder="Choose a pipeline"
        data={pipelines.map((p) => ({ value: p.kind, label: p.words.title }))}
        value={kind}
        allowDeselect={false}
        onChange={(v) => v && setKind(v)}
      />
      {problem ? (
        <Alert color="red" mt="sm" role="alert" title={problem.title}>
          {problem.detail}
        </Alert>
      ) : null}
      <Button mt="sm" onClick={() => kind && run.mutate(kind)} loading={run.isPending} disabled={!kind}>
        Convert to job
      </Button>
    </Paper>
  );
}
