import { Alert, Button, Checkbox, Grid, Group, NumberInput, Paper, Select, Skeleton, Stack, Switch, Text, TextInput, Title } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { type FormEvent, type ReactNode, useEffect, useState } from 'react';
import { isProblem } from '../api/problem';
import { usePageTitle } from '../layout/page-title';
import { SecretField } from './SecretField';
import { type NotificationSettings, type SettingsBody, saveSettings, settingsKeys, settingsQuery } from './settings-api';
import { TemplateEditor } from './TemplateEditor';

type Secret = string | null | undefined;

interface Form {
  customerReady: boolean;
  pickupReminder: boolean;
  reminderDays: string;
  readyDelayMinutes: number | '';
  defaultChannel: NotificationSettings['defaultChannel'];
  fallbackChannel: NotificationSettings['fallbackChannel'];
  senderName: string;
  senderEmail: string;
  replyTo: string;
  smtpOn: boolean;
  smtpHost: string;
  smtpPort: number | '';
  smtpSecure: boolean;
  smtpUser: string;
  smtpPassword: Secret;
  twilioOn: boolean;
  accountSid: string;
  authToken: Secret;
  smsFrom: string;
  whatsappFrom: string;
  webhookOn: boolean;
  webhookUrl: string;
  webhookSecret: Secret;
}

const channelOptions = [
  { value: 'customer', label: 'Whatever each customer prefers' },
  { value: 'email', label: 'E-mail' },
  { value: 'sms', label: 'SMS' },
  { value: 'whatsapp', label: 'WhatsApp' },
  { value: 'webhook', label: 'Webhook (your own system)' },
  { value: 'preview', label: 'Preview: keep messages in Loupe, send nothing' },
] as const;
const fallbackOptions = channelOptions.filter((c) => c.value !== 'customer');

function formOf(s: NotificationSettings): Form {
  return {
    customerReady: s.events.customer_ready,
    pickupReminder: s.events.pickup_reminder,
    reminderDays: s.reminderDays.join(', '),
    readyDelayMinutes: s.readyDelayMinutes,
    defaultChannel: s.defaultChannel,
    fallbackChannel: s.fallbackChannel,
    senderName: s.sender.name ?? '',
    senderEmail: s.sender.email ?? '',
    replyTo: s.sender.replyTo ?? '',
    smtpOn: s.smtp !== null,
    smtpHost: s.smtp?.host ?? '',
    smtpPort: s.smtp?.port ?? 587,
    smtpSecure: s.smtp?.secure ?? false,
    smtpUser: s.smtp?.user ?? '',
    smtpPassword: undefined,
    twilioOn: s.twilio !== null,
    accountSid: s.twilio?.accountSid ?? '',
    authToken: undefined,
    smsFrom: s.twilio?.smsFrom ?? '',
    whatsappFrom: s.twilio?.whatsappFrom ?? '',
    webhookOn: s.webhook !== null,
    webhookUrl: s.webhook?.url ?? '',
    webhookSecret: undefined,
  };
}

const text = (s: string) => (s.trim() ? s.trim() : null);
/** Leaving a secret out keeps what is stored; null removes it. */
const secret = (v: Secret) => (v === undefined ? {} : { value: v });

function bodyOf(f: Form): SettingsBody {
  const pw = secret(f.smtpPassword);
  const token = secret(f.authToken);
  const hook = secret(f.webhookSecret);
  return {
    events: { customer_ready: f.customerReady, pickup_reminder: f.pickupReminder },
    reminderDays: f.reminderDays
      .split(/[,\s]+/)
      .filter(Boolean)
      .map(Number),
    readyDelayMinutes: f.readyDelayMinutes === '' ? 0 : f.readyDelayMinutes,
    defaultChannel: f.defaultChannel,
    fallbackChannel: f.fallbackChannel,
    sender: { name: text(f.senderName), email: text(f.senderEmail), replyTo: text(f.replyTo) },
    smtp: f.smtpOn
      ? {
          host: f.smtpHost.trim(),
          port: f.smtpPort === '' ? 0 : f.smtpPort,
          secure: f.smtpSecure,
          user: text(f.smtpUser),
          ...('value' in pw ? { password: pw.value } : {}),
        }
      : null,
    twilio: f.twilioOn
      ? {
          accountSid: f.accountSid.trim(),
          smsFrom: text(f.smsFrom),
          whatsappFrom: text(f.whatsappFrom),
          ...('value' in token ? { authToken: token.value } : {}),
        }
      : null,
    webhook: f.webhookOn ? { url: f.webhookUrl.trim(), ...('value' in hook ? { secret: hook.value } : {}) } : null,
  };
}

function keyed(errors: { path: string; message: string }[]): Record<string, string> {
  const out: Record<string, string> = {};
  for (const e of errors) out[e.path] ??= e.message;
  return out;
}

function Section({ title, action, children }: { title: string; action?: ReactNode; children?: ReactNode }) {
  return (
    <Paper p="md">
      <fieldset style={{ border: 0, padding: 0, margin: 0, minWidth: 0 }}>
        <legend style={{ padding: 0, width: '100%' }}>
          <Group justify="space-between" mb={children ? 'sm' : 0}>
            <Title order={2} size="h4" component="span">
              {title}
            </Title>
            {action}
          </Group>
        </legend>
        {children}
      </fieldset>
    </Paper>
  );
}

/** Who hears about what, on which channel, from whom, through which provider; and what the messages say. */
export function NotificationSettingsPage() {
  usePageTitle('Notification settings');
  const queryClient = useQueryClient();
  const settings = useQuery(settingsQuery);
  const [form, setForm] = useState<Form | null>(null);
  const [errors, setErrors] = useState<Record<string, string>>({});
  useEffect(() => {
    if (settings.data) setForm(formOf(settings.data));
  }, [settings.data]);
  const save = useMutation({
    mutationFn: (f: Form) => saveSettings(bodyOf(f)),
    onSuccess: (s) => {
      setErrors({});
      queryClient.setQueryData(settingsKeys.settings, s);
      notifications.show({ color: 'green', title: 'Notification settings saved', message: '' });
    },
    onError: (e) => setErrors(isProblem(e) ? keyed(e.errors) : {}),
  });
  if (settings.isError) {
    return (
      <Alert color="red" title="The settings could not be loaded">
        {isProblem(settings.error) && settings.error.status === 403
          ? 'Only owners and managers can see and change notification settings.'
          : settings.error.message}
      </Alert>
    );
  }
  if (!form || !settings.data) return <Skeleton h={500} aria-label="Loading settings" />;
  const set = <K extends keyof Form>(key: K, v: Form[K]) => setForm({ ...form, [key]: v });
  const err = (path: string) => errors[path];
  const submit = (e: FormEvent) => {
    e.preventDefault();
    save.mutate(form);
  };
  const general = save.error && Object.keys(errors).length === 0 ? (isProblem(save.error) ? save.error.detail : 'The settings could not be saved.') : null;
  return (
    <Stack gap="md" maw={1000}>
      <Title order={1} size="h2">
        Customer notifications
      </Title>
      {!settings.data.encryptionReady && (
        <Alert color="orange" title="Credentials cannot be stored yet">
          Loupe needs an encryption key in its environment before it can keep SMTP passwords, Twilio tokens or webhook secrets.
        </Alert>
      )}
      <form onSubmit={submit} noValidate>
        <Stack gap="md">
          {(general || Object.keys(errors).length > 0) && (
            <Alert color="red" role="alert" title="Nothing was saved">
              {general ?? 'Some fields need attention.'}
            </Alert>
          )}
          <Section title="What tells the customer, and how">
            <Grid gap="md">
              <Grid.Col span={{ base: 12, md: 6 }}>
                <Stack gap="xs">
                  <Checkbox
                    label="When a piece is ready to collect"
                    checked={form.customerReady}
                    onChange={(e) => set('customerReady', e.currentTarget.checked)}
                  />
                  <NumberInput
                    label="Wait before telling the customer (minutes)"
                    description="Time to undo a move to ready made by mistake: 0 to 10 minutes"
                    min={0}
                    max={10}
                    allowDecimal={false}
                    allowNegative={false}
                    value={form.readyDelayMinutes}
                    error={err('readyDelayMinutes')}
                    onChange={(v) => set('readyDelayMinutes', typeof v === 'number' ? v : '')}
                    disabled={!form.customerReady}
                  />
                  <Checkbox
                    label="Pickup reminders while it waits on the shelf"
                    checked={form.pickupReminder}
                    onChange={(e) => set('pickupReminder', e.currentTarget.checked)}
                  />
                  <TextInput
                    label="Remind after (days)"
                    description="Comma-separated, e.g. 7, 14"
                    value={form.reminderDays}
                    error={err('reminderDays') ?? Object.entries(errors).find(([k]) => k.startsWith('reminderDays.'))?.[1]}
                    onChange={(e) => set('reminderDays', e.currentTarget.value)}
                    disabled={!form.pickupReminder}
                  />
                </Stack>
              </Grid.Col>
              <Grid.Col span={{ base: 12, md: 6 }}>
                <Stack gap="xs">
                  <Select
                    label="Send by"
                    data={channelOptions.map((c) => ({ ...c }))}
                    value={form.defaultChannel}
                    allowDeselect={false}
                    error={err('defaultChannel')}
                    onChange={(v) => set('defaultChannel', channelOptions.find((c) => c.value === v)?.value ?? 'preview')}
                  />
                  <Select
                    label="If the customer lacks that contact detail, send by"
                    placeholder="Don't send; show it on the job"
                    clearable
                    data={fallbackOptions.map((c) => ({ ...c }))}
                    value={form.fallbackChannel}
                    error={err('fallbackChannel')}
                    onChange={(v) => set('fallbackChannel', fallbackOptions.find((c) => c.value === v)?.value ?? null)}
                  />
                </Stack>
              </Grid.Col>
            </Grid>
          </Section>
          <Section title="Sender">
            <Grid gap="md">
              <Grid.Col span={{ base: 12, md: 4 }}>
                <TextInput label="Name" value={form.senderName} error={err('sender.name')} onChange={(e) => set('senderName', e.currentTarget.value)} />
              </Grid.Col>
              <Grid.Col span={{ base: 12, md: 4 }}>
                <TextInput
                  label="From address"
                  type="email"
                  value={form.senderEmail}
                  error={err('sender.email')}
                  onChange={(e) => set('senderEmail', e.currentTarget.value)}
                />
              </Grid.Col>
              <Grid.Col span={{ base: 12, md: 4 }}>
                <TextInput
                  label="Reply-to address"
                  type="email"
                  value={form.replyTo}
                  error={err('sender.replyTo')}
                  onChange={(e) => set('replyTo', e.currentTarget.value)}
                />
              </Grid.Col>
            </Grid>
          </Section>
          <Section title="E-mail (SMTP)" action={<Switch label="Use SMTP" checked={form.smtpOn} onChange={(e) => set('smtpOn', e.currentTarget.checked)} />}>
            {form.smtpOn && (
              <Grid gap="md">
                <Grid.Col span={{ base: 12, md: 5 }}>
                  <TextInput label="Host" value={form.smtpHost} error={err('smtp.host')} onChange={(e) => set('smtpHost', e.currentTarget.value)} />
                </Grid.Col>
                <Grid.Col span={{ base: 6, md: 2 }}>
                  <NumberInput
                    label="Port"
                    hideControls
                    allowDecimal={false}
                    value={form.smtpPort}
                    error={err('smtp.port')}
                    onChange={(v) => set('smtpPort', typeof v === 'number' ? v : v === '' ? '' : Number(v))}
                  />
                </Grid.Col>
                <Grid.Col span={{ base: 6, md: 5 }} style={{ display: 'flex', alignItems: 'flex-end' }}>
                  <Checkbox
                    label="TLS from the start (port 465)"
                    checked={form.smtpSecure}
                    onChange={(e) => set('smtpSecure', e.currentTarget.checked)}
                    mb={8}
                  />
                </Grid.Col>
                <Grid.Col span={{ base: 12, md: 6 }}>
                  <TextInput
                    label="User"
                    autoComplete="off"
                    value={form.smtpUser}
                    error={err('smtp.user')}
                    onChange={(e) => set('smtpUser', e.currentTarget.value)}
                  />
                </Grid.Col>
                <Grid.Col span={{ base: 12, md: 6 }}>
                  <SecretField
                    label="Password"
                    isSet={settings.data.smtp?.passwordSet ?? false}
                    value={form.smtpPassword}
                    error={err('smtp.password')}
                    onChange={(v) => set('smtpPassword', v)}
                  />
                </Grid.Col>
              </Grid>
            )}
          </Section>
          <Section
            title="SMS and WhatsApp (Twilio)"
            action={<Switch label="Use Twilio" checked={form.twilioOn} onChange={(e) => set('twilioOn', e.currentTarget.checked)} />}
          >
            {form.twilioOn && (
              <Grid gap="md">
                <Grid.Col span={{ base: 12, md: 6 }}>
                  <TextInput
                    label="Account SID"
                    value={form.accountSid}
                    error={err('twilio.accountSid')}
                    onChange={(e) => set('accountSid', e.currentTarget.value)}
                  />
                </Grid.Col>
                <Grid.Col span={{ base: 12, md: 6 }}>
                  <SecretField
                    label="Auth token"
                    isSet={settings.data.twilio?.authTokenSet ?? false}
                    value={form.authToken}
                    error={err('twilio.authToken')}
                    onChange={(v) => set('authToken', v)}
                  />
                </Grid.Col>
                <Grid.Col span={{ base: 12, md: 6 }}>
                  <TextInput
                    label="SMS from"
                    placeholder="+447700900123"
                    value={form.smsFrom}
                    error={err('twilio.smsFrom')}
                    onChange={(e) => set('smsFrom', e.currentTarget.value)}
                  />
                </Grid.Col>
                <Grid.Col span={{ base: 12, md: 6 }}>
                  <TextInput
                    label="WhatsApp from"
                    placeholder="+447700900123"
                    value={form.whatsappFrom}
                    error={err('twilio.whatsappFrom')}
                    onChange={(e) => set('whatsappFrom', e.currentTarget.value)}
                  />
                </Grid.Col>
              </Grid>
            )}
          </Section>
          <Section
            title="Webhook"
            action={<Switch label="Use a webhook" checked={form.webhookOn} onChange={(e) => set('webhookOn', e.currentTarget.checked)} />}
          >
            {form.webhookOn && (
              <Grid gap="md">
                <Grid.Col span={{ base: 12, md: 6 }}>
                  <TextInput
                    label="URL"
                    type="url"
                    value={form.webhookUrl}
                    error={err('webhook.url')}
                    onChange={(e) => set('webhookUrl', e.currentTarget.value)}
                  />
                </Grid.Col>
                <Grid.Col span={{ base: 12, md: 6 }}>
                  <SecretField
                    label="Signing secret"
                    isSet={settings.data.webhook?.secretSet ?? false}
                    value={form.webhookSecret}
                    error={err('webhook.secret')}
                    onChange={(v) => set('webhookSecret', v)}
                  />
                  <Text size="xs" c="dimmed" mt={4}>
                    Each request carries an HMAC-SHA256 signature of its body made with this secret.
                  </Text>
                </Grid.Col>
              </Grid>
            )}
          </Section>
          <Group justify="flex-end">
            <Button variant="default" onClick={() => settings.data && setForm(formOf(settings.data))}>
              Undo changes
            </Button>
            <Button type="submit" loading={save.isPending}>
              Save settings
            </Button>
          </Group>
        </Stack>
      </form>
      <TemplateEditor />
    </Stack>
  );
}
