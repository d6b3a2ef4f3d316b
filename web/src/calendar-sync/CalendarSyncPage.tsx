import { Alert, Badge, Button, Group, Paper, PasswordInput, Select, Skeleton, Stack, Table, Text, TextInput, Title } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { getRouteApi } from '@tanstack/react-router';
import { type FormEvent, type ReactNode, useEffect, useState } from 'react';
import { isProblem } from '../api/problem';
import { useShopFormat } from '../format/use-shop-format';
import { usePageTitle } from '../layout/page-title';
import {
  type CalDavBody,
  chooseGoogleCalendar,
  connectGoogle,
  disconnect,
  googleCalendarsQuery,
  type SyncSettings,
  saveCalDav,
  syncKey,
  syncNow,
  syncQuery,
  testCalDav,
} from './api';

const route = getRouteApi('/staff/settings/calendar-sync');

type Status = Pick<NonNullable<SyncSettings['caldav']>, 'state' | 'lastSyncedAt' | 'lastError' | 'lastErrorAt'>;

function Section({ title, status, children }: { title: string; status?: ReactNode; children: ReactNode }) {
  return (
    <Paper p="md" component="section" aria-label={title}>
      <Group justify="space-between" mb="sm" wrap="wrap" gap="xs">
        <Title order={2} size="h4">
          {title}
        </Title>
        {status}
      </Group>
      {children}
    </Paper>
  );
}

function StateBadge({ status }: { status: Status | null }) {
  if (!status)
    return (
      <Badge variant="light" color="gray" tt="none">
        Not connected
      </Badge>
    );
  const { label, color } =
    status.state === 'revoked'
      ? { label: 'Access revoked', color: 'red' }
      : status.state === 'connecting'
        ? { label: 'Connecting…', color: 'yellow' }
        : status.lastError
          ? { label: 'Connected, last push failed', color: 'orange' }
          : { label: 'Connected', color: 'teal' };
  return (
    <Badge variant="light" color={color} tt="none">
      {label}
    </Badge>
  );
}

function LastSync({ status }: { status: Status }) {
  const f = useShopFormat();
  return (
    <Stack gap={4}>
      <Text size="sm" c="dimmed">
        {status.lastSyncedAt ? `Last pushed ${f.dateTime(status.lastSyncedAt)}` : 'Nothing pushed yet'}
      </Text>
      {status.lastError && (
        <Alert
          color={status.state === 'revoked' ? 'red' : 'orange'}
          variant="light"
          title={status.state === 'revoked' ? 'Access revoked' : 'The last push failed'}
        >
          {status.lastError}
          {status.lastErrorAt && (
            <Text size="xs" c="dimmed" mt={4}>
              {f.dateTime(status.lastErrorAt)}
            </Text>
          )}
        </Alert>
      )}
    </Stack>
  );
}

function CalDavForm({ settings }: { settings: SyncSettings }) {
  const queryClient = useQueryClient();
  const stored = settings.caldav;
  const [url, setUrl] = useState(stored?.url ?? '');
  const [username, setUsername] = useState(stored?.username ?? '');
  const [password, setPassword] = useState('');
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [tested, setTested] = useState<{ ok: boolean; message: string } | null>(null);
  useEffect(() => {
    setUrl(stored?.url ?? '');
    setUsername(stored?.username ?? '');
  }, [stored?.url, stored?.username]);
  const body = (): CalDavBody => ({ url: url.trim(), username: username.trim(), ...(password ? { password } : {}) });
  const onError = (err: unknown) => {
    if (isProblem(err)) setErrors(err.fieldErrors());
    else throw err;
  };
  const test = useMutation({
    mutationFn: () => testCalDav(body()),
    onSuccess: (r) => {
      setErrors({});
      setTested(r);
    },
    onError,
  });
  const save = useMutation({
    mutationFn: () => saveCalDav(body()),
    onSuccess: (next) => {
      setErrors({});
      setPassword('');
      queryClient.setQueryData(syncKey, next);
      notifications.show({ color: 'teal', message: 'CalDAV calendar saved: every due date and appointment is on its way there.' });
    },
    onError,
  });
  const remove = useMutation({
    mutationFn: () => disconnect('caldav'),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: syncKey }),
  });
  const submit = (e: FormEvent) => {
    e.preventDefault();
    save.mutate();
  };
  return (
    <Section title="CalDAV calendar" status={<StateBadge status={stored} />}>
      <Text size="sm" c="dimmed" mb="sm">
        Apple iCloud, Fastmail, Nextcloud or any CalDAV server. Use an app password, not your account’s own.
      </Text>
      <form onSubmit={submit} noValidate>
        <Stack gap="sm">
          <TextInput
            label="Calendar address"
            placeholder="https://caldav.example.com/calendars/me/workshop/"
            value={url}
            onChange={(e) => setUrl(e.currentTarget.value)}
            error={errors.url}
            required
          />
          <TextInput
            label="User name"
            value={username}
            onChange={(e) => setUsername(e.currentTarget.value)}
            error={errors.username}
            autoComplete="off"
            required
          />
          <PasswordInput
            label="App password"
            description={stored?.passwordSet ? 'Stored encrypted and never shown. Type a new one to replace it.' : undefined}
            placeholder={stored?.passwordSet ? 'Leave blank to keep it' : ''}
            value={password}
            onChange={(e) => setPassword(e.currentTarget.value)}
            error={errors.password}
            autoComplete="new-password"
            inputWrapperOrder={['label', 'description', 'input', 'error']}
          />
          {tested && (
            <Alert color={tested.ok ? 'teal' : 'red'} variant="light" title={tested.ok ? 'Connection works' : 'Connection failed'} role="status">
              {tested.message}
            </Alert>
          )}
          <Group gap="sm" wrap="wrap">
            <Button type="submit" loading={save.isPending}>
              Save
            </Button>
            <Button variant="default" onClick={() => test.mutate()} loading={test.isPending}>
              Test connection
            </Button>
            {stored && (
              <Button variant="subtle" color="red" onClick={() => remove.mutate()} loading={remove.isPending}>
                Disconnect
              </Button>
            )}
          </Group>
          {stored && <LastSync status={stored} />}
        </Stack>
      </form>
    </Section>
  );
}

function GoogleSection({ settings }: { settings: SyncSettings }) {
  const queryClient = useQueryClient();
  const { missing, connection } = settings.google;
  const active = connection?.state === 'active';
  const calendars = useQuery({ ...googleCalendarsQuery, enabled: active });
  const connect = useMutation({
    mutationFn: connectGoogle,
    onSuccess: ({ url }) => {
      window.location.assign(url);
    },
  });
  const choose = useMutation({
    mutationFn: chooseGoogleCalendar,
    onSuccess: (next) => {
      queryClient.setQueryData(syncKey, next);
      notifications.show({ color: 'teal', message: 'Calendar chosen: every due date and appointment is on its way there.' });
    },
  });
  const remove = useMutation({ mutationFn: () => disconnect('google'), onSuccess: () => queryClient.invalidateQueries({ queryKey: syncKey }) });
  return (
    <Section title="Google Calendar" status={<StateBadge status={connection} />}>
      {missing.length > 0 ? (
        <Alert color="yellow" variant="light" title="Google Calendar is not set up on this server">
          Whoever runs Loupe must set {missing.join(' and ')} in the server’s environment (a Google Cloud OAuth client for a web application), then restart it.
        </Alert>
      ) : (
        <Stack gap="sm">
          <Text size="sm" c="dimmed">
            Due dates and appointments appear in the chosen Google calendar, read-only there: change them in Loupe.
          </Text>
          {active && (
            <Select
              label="Calendar to push to"
              data={(calendars.data?.items ?? []).map((c) => ({ value: c.id, label: c.primary ? `${c.summary} (main)` : c.summary }))}
              value={connection.calendarId}
              onChange={(v) => v && v !== connection.calendarId && choose.mutate(v)}
              placeholder={calendars.isPending ? 'Loading calendars…' : undefined}
              error={calendars.error ? calendars.error.message : undefined}
              allowDeselect={false}
            />
          )}
          <Group gap="sm" wrap="wrap">
            <Button onClick={() => connect.mutate()} loading={connect.isPending} variant={active ? 'default' : 'filled'}>
              {connection?.state === 'revoked' ? 'Connect again' : active ? 'Reconnect' : 'Connect Google Calendar'}
            </Button>
            {connection && (
              <Button variant="subtle" color="red" onClick={() => remove.mutate()} loading={remove.isPending}>
                Disconnect
              </Button>
            )}
          </Group>
          {connection && connection.state !== 'connecting' && <LastSync status={connection} />}
        </Stack>
      )}
    </Section>
  );
}

function QueueSection({ settings }: { settings: SyncSettings }) {
  const queryClient = useQueryClient();
  const [result, setResult] = useState<{ queued: number; problems: string[] } | null>(null);
  const sync = useMutation({
    mutationFn: syncNow,
    onSuccess: (r) => {
      setResult(r);
      void queryClient.invalidateQueries({ queryKey: syncKey });
    },
  });
  const { queue } = settings;
  const connected = settings.caldav?.state === 'active' || settings.google.connection?.state === 'active';
  return (
    <Section title="Sync status">
      <Stack gap="sm">
        <Text size="sm">
          {queue.pending === 0 ? 'Everything is pushed.' : `${queue.pending} change${queue.pending === 1 ? '' : 's'} waiting to be pushed.`}
          {queue.failed > 0 && ` ${queue.failed} could not be pushed.`}
        </Text>
        {queue.failures.length > 0 && (
          <Table.ScrollContainer minWidth={360}>
            <Table>
              <Table.Thead>
                <Table.Tr>
                  <Table.Th>Calendar</Table.Th>
                  <Table.Th>What</Table.Th>
                  <Table.Th>Why</Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {queue.failures.map((f) => (
                  <Table.Tr key={`${f.provider}:${f.subjectId}`}>
                    <Table.Td>{f.provider === 'google' ? 'Google' : 'CalDAV'}</Table.Td>
                    <Table.Td>{f.subject === 'job' ? 'A due date' : 'An appointment'}</Table.Td>
                    <Table.Td>{f.error}</Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          </Table.ScrollContainer>
        )}
        {result && (
          <Alert color={result.problems.length > 0 ? 'orange' : 'teal'} variant="light" role="status" title="Sync started">
            {result.queued} event{result.queued === 1 ? '' : 's'} queued to be pushed again.
            {result.problems.map((p) => (
              <Text key={p} size="sm">
                {p}
              </Text>
            ))}
          </Alert>
        )}
        <Group>
          <Button onClick={() => sync.mutate()} loading={sync.isPending} disabled={!connected}>
            Sync now
          </Button>
        </Group>
      </Stack>
    </Section>
  );
}

/** Where the shop's due dates and appointments are pushed: a CalDAV calendar, Google Calendar, or both. */
export function CalendarSyncPage() {
  usePageTitle('Calendar sync');
  const search = route.useSearch();
  const settings = useQuery(syncQuery);
  return (
    <Stack gap="md" maw={760}>
      <Title order={1}>Calendar sync</Title>
      <Text c="dimmed">Every job’s due date and every appointment, pushed to your own calendar as they change. Jobs collected or cancelled leave it.</Text>
      {search.connected === 'google' && (
        <Alert color="teal" variant="light" title="Google Calendar connected">
          Every due date and appointment is on its way there.
        </Alert>
      )}
      {search.problem && (
        <Alert color="red" variant="light" title="Google Calendar did not connect">
          {search.problem}
        </Alert>
      )}
      {settings.isPending ? (
        <Skeleton h={300} />
      ) : settings.isError ? (
        <Alert color="red" title="Could not load calendar sync">
          {settings.error.message}
        </Alert>
      ) : (
        <>
          {!settings.data.encryptionReady && (
            <Alert color="yellow" variant="light" title="Credentials cannot be stored yet">
              Set LOUPE_ENCRYPTION_KEY on the server to store a calendar password or Google access.
            </Alert>
          )}
          <QueueSection settings={settings.data} />
          <CalDavForm settings={settings.data} />
          <GoogleSection settings={settings.data} />
        </>
      )}
    </Stack>
  );
}
