import { Alert, Badge, Button, Code, Grid, Group, Paper, Select, Stack, Text, Textarea, TextInput, Title } from '@mantine/core';
import { useDebouncedValue } from '@mantine/hooks';
import { notifications } from '@mantine/notifications';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useEffect, useState } from 'react';
import { isProblem } from '../api/problem';
import { channelWord, eventWord } from './delivery-words';
import { previewTemplate, resetTemplate, saveTemplate, settingsKeys, type TemplateChannel, type TemplateEvent, templatesQuery } from './settings-api';

/** One template at a time, per event and channel, with the variables it may use and a live preview. */
export function TemplateEditor() {
  const queryClient = useQueryClient();
  const templates = useQuery(templatesQuery);
  const [event, setEvent] = useState<TemplateEvent>('customer_ready');
  const [channel, setChannel] = useState<TemplateChannel>('preview');
  const current = templates.data?.items.find((t) => t.event === event && t.channel === channel);
  const [subject, setSubject] = useState('');
  const [body, setBody] = useState('');
  useEffect(() => {
    if (current) {
      setSubject(current.subject);
      setBody(current.body);
    }
  }, [current]);
  const [typed] = useDebouncedValue({ subject, body, event }, 300);
  const preview = useQuery({
    queryKey: ['settings', 'notifications', 'preview', typed],
    queryFn: () => previewTemplate(typed),
    enabled: typed.body.trim() !== '',
    retry: false,
    placeholderData: (prev) => prev,
  });
  const refresh = () => queryClient.invalidateQueries({ queryKey: settingsKeys.templates });
  const save = useMutation({
    mutationFn: () => saveTemplate(event, channel, { subject, body }),
    onSuccess: () => {
      notifications.show({ color: 'green', title: 'Template saved', message: `${eventWord[event] ?? event} by ${channelWord[channel] ?? channel}.` });
      void refresh();
    },
  });
  const reset = useMutation({
    mutationFn: () => resetTemplate(event, channel),
    onSuccess: () => {
      notifications.show({ color: 'green', title: 'Back to Loupe’s wording', message: '' });
      void refresh();
    },
  });
  const saveErrors = isProblem(save.error) ? save.error.fieldErrors() : {};
  const previewError = isProblem(preview.error) ? preview.error.errors.map((e) => e.message).join(' ') || preview.error.detail : undefined;
  const events = [...new Set(templates.data?.items.map((t) => t.event) ?? [])];
  const channels = [...new Set(templates.data?.items.map((t) => t.channel) ?? [])];
  return (
    <Paper p="md" component="section" aria-labelledby="templates-title">
      <Title order={2} size="h4" id="templates-title" mb="sm">
        Message templates
      </Title>
      <Group gap="sm" mb="sm" align="flex-end">
        <Select
          label="Event"
          data={events.map((e) => ({ value: e, label: eventWord[e] ?? e }))}
          value={event}
          allowDeselect={false}
          onChange={(v) => setEvent(events.find((e) => e === v) ?? 'customer_ready')}
          w={220}
        />
        <Select
          label="Channel"
          data={channels.map((c) => ({ value: c, label: channelWord[c] ?? c }))}
          value={channel}
          allowDeselect={false}
          onChange={(v) => setChannel(channels.find((c) => c === v) ?? 'preview')}
          w={220}
        />
        {current && (
          <Badge variant="light" color={current.custom ? 'grape' : 'gray'} tt="none" mb={8}>
            {current.custom ? 'Your wording' : 'Loupe’s wording'}
          </Badge>
        )}
      </Group>
      <Grid gap="md">
        <Grid.Col span={{ base: 12, md: 6 }}>
          <Stack gap="sm">
            <TextInput
              label="Subject"
              description="E-mail only"
              value={subject}
              error={saveErrors.subject}
              onChange={(e) => setSubject(e.currentTarget.value)}
            />
            <Textarea label="Message" autosize minRows={6} value={body} error={saveErrors.body} onChange={(e) => setBody(e.currentTarget.value)} />
            <Text size="xs" c="dimmed">
              Variables:{' '}
              {(current?.variables ?? templates.data?.variables)?.map((v) => (
                <Code key={v} mr={4}>{`{{${v}}}`}</Code>
              ))}
            </Text>
            <Group justify="flex-end">
              {current?.custom && (
                <Button variant="default" loading={reset.isPending} onClick={() => reset.mutate()}>
                  Use Loupe’s wording
                </Button>
              )}
              <Button loading={save.isPending} onClick={() => save.mutate()}>
                Save template
              </Button>
            </Group>
          </Stack>
        </Grid.Col>
        <Grid.Col span={{ base: 12, md: 6 }}>
          <Text size="sm" fw={600} mb={4} id="template-preview-title">
            Preview, with an example customer and job
          </Text>
          {previewError ? (
            <Alert color="red" role="alert">
              {previewError}
            </Alert>
          ) : (
            <Paper withBorder p="sm" bg="gray.0" aria-labelledby="template-preview-title" data-testid="template-preview">
              {preview.data?.subject && (
                <Text size="sm" fw={700} mb={6}>
                  {preview.data.subject}
                </Text>
              )}
              <Text size="sm" style={{ whiteSpace: 'pre-wrap' }}>
                {preview.data?.body ?? ''}
              </Text>
            </Paper>
          )}
        </Grid.Col>
      </Grid>
    </Paper>
  );
}
