import { Alert, Button, Checkbox, CopyButton, Group, Modal, Stack, Text, TextInput } from '@mantine/core';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useEffect, useState } from 'react';
import { useShopFormat } from '../format/use-shop-format';
import { feedQuery, newFeedAddress, turnFeedOff } from './calendar-api';

/** My calendar feed: a secret address for Apple Calendar, Outlook or Google to subscribe to, what it includes, and turning it off. */
export function FeedModal({ opened, onClose }: { opened: boolean; onClose: () => void }) {
  const fmt = useShopFormat();
  const queryClient = useQueryClient();
  const feed = useQuery({ ...feedQuery, enabled: opened });
  const [settings, setSettings] = useState({ includeJobs: true, includeAppointments: true, onlyMine: false });
  const [url, setUrl] = useState<string | null>(null);
  useEffect(() => {
    if (feed.data) setSettings({ includeJobs: feed.data.includeJobs, includeAppointments: feed.data.includeAppointments, onlyMine: feed.data.onlyMine });
  }, [feed.data]);
  const make = useMutation({
    mutationFn: () => newFeedAddress(settings),
    onSuccess: async (answer) => {
      setUrl(answer.url);
      await queryClient.invalidateQueries({ queryKey: feedQuery.queryKey });
    },
  });
  const off = useMutation({
    mutationFn: turnFeedOff,
    onSuccess: async () => {
      setUrl(null);
      await queryClient.invalidateQueries({ queryKey: feedQuery.queryKey });
    },
  });
  const active = feed.data?.active ?? false;
  return (
    <Modal opened={opened} onClose={onClose} title="Subscribe in your calendar app" centered>
      <Stack>
        <Text size="sm">
          A secret address your calendar app (Apple Calendar, Outlook, Google) checks for changes. No customer phone numbers or e-mail addresses are in it.
        </Text>
        <Checkbox
          label="Due dates of every pipeline"
          checked={settings.includeJobs}
          onChange={(e) => setSettings({ ...settings, includeJobs: e.currentTarget.checked })}
        />
        <Checkbox
          label="Appointments"
          checked={settings.includeAppointments}
          onChange={(e) => setSettings({ ...settings, includeAppointments: e.currentTarget.checked })}
        />
        <Checkbox
          label="Only my appointments"
          disabled={!settings.includeAppointments}
          checked={settings.onlyMine}
          onChange={(e) => setSettings({ ...settings, onlyMine: e.currentTarget.checked })}
        />
        {url ? (
          <Stack gap={4}>
            <Group gap="xs" align="flex-end" wrap="nowrap">
              <TextInput label="Your feed address" readOnly value={url} style={{ flex: 1 }} onFocus={(e) => e.currentTarget.select()} />
              <CopyButton value={url}>
                {({ copied, copy }) => (
                  <Button variant="light" onClick={copy}>
                    {copied ? 'Copied' : 'Copy'}
                  </Button>
                )}
              </CopyButton>
            </Group>
            <Text size="xs" c="dimmed">
              Shown once: keep it private. Making a new address stops this one working.
            </Text>
          </Stack>
        ) : active && feed.data?.createdAt ? (
          <Alert color="blue">
            Your feed is on (address made {fmt.dateTime(feed.data.createdAt)}). Make a new address to change what it includes or if the old one got out.
          </Alert>
        ) : null}
        <Group justify="space-between">
          {active ? (
            <Button color="red" variant="subtle" loading={off.isPending} onClick={() => off.mutate()}>
              Turn feed off
            </Button>
          ) : (
            <span />
          )}
          <Button loading={make.isPending} onClick={() => make.mutate()}>
            {active ? 'Make a new address' : 'Make my feed address'}
          </Button>
        </Group>
      </Stack>
    </Modal>
  );
}
