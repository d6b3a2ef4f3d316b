import { Button, Group, Paper, Skeleton, Stack, Switch, Text, TextInput, Title } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { type FormEvent, useEffect, useState } from 'react';
import { isProblem } from '../api/problem';
import { memoSettingsQuery, saveMemoSettings } from './memos-api';

/** Settings → Shop: the morning e-mail of memo items past their due-back date, on or off, and who gets it. */
export function MemoDigestSettings({ canEdit }: { canEdit: boolean }) {
  const queryClient = useQueryClient();
  const settings = useQuery(memoSettingsQuery);
  const [form, setForm] = useState<{ on: boolean; recipient: string } | null>(null);
  useEffect(() => {
    if (settings.data && !form) setForm({ on: settings.data.overdueEmail, recipient: settings.data.recipient ?? '' });
  }, [settings.data, form]);
  const save = useMutation({
    mutationFn: () => saveMemoSettings({ overdueEmail: form?.on ?? false, recipient: form?.recipient.trim() || null }),
    onSuccess: (saved) => {
      queryClient.setQueryData(memoSettingsQuery.queryKey, saved);
      setForm({ on: saved.overdueEmail, recipient: saved.recipient ?? '' });
      notifications.show({
        color: 'green',
        title: 'Memo e-mail saved',
        message: saved.overdueEmail ? `Each morning to ${saved.recipient ?? saved.ownerEmail ?? 'the owner'}` : 'Off',
      });
    },
  });
  const errors = isProblem(save.error) ? save.error.fieldErrors() : {};
  const submit = (e: FormEvent) => {
    e.preventDefault();
    save.mutate();
  };
  const owner = settings.data?.ownerEmail;
  return (
    <Paper withBorder p="md" radius="md" component="section" aria-labelledby="shop-memo-email">
      <Title order={2} size="h4" id="shop-memo-email" mb="xs">
        Overdue memo items
      </Title>
      {!form ? (
        <Skeleton h={96} />
      ) : (
        <form onSubmit={submit} noValidate>
          <fieldset disabled={!canEdit} style={{ border: 0, padding: 0, margin: 0, minWidth: 0 }}>
            <Stack gap="sm">
              <Switch
                label="E-mail the list of memo items past their due-back date each morning"
                description="From 7:00 in the shop’s time zone, only on days when something is overdue"
                checked={form.on}
                onChange={(e) => setForm({ ...form, on: e.currentTarget.checked })}
              />
              <TextInput
                label="Send it to"
                type="email"
                placeholder={owner ?? 'The owner’s address'}
                description={owner ? `Leave empty to send it to the owner, ${owner}` : 'Leave empty to send it to the owner'}
                value={form.recipient}
                onChange={(e) => setForm({ ...form, recipient: e.currentTarget.value })}
                error={errors.recipient}
                maw={420}
              />
              {save.isError && !isProblem(save.error, 'validation_failed') && (
                <Text c="red" size="sm" role="alert">
                  {isProblem(save.error) ? save.error.detail : 'The setting could not be saved.'}
                </Text>
              )}
              {canEdit && (
                <Group justify="flex-end">
                  <Button type="submit" variant="default" loading={save.isPending}>
                    Save memo e-mail
                  </Button>
                </Group>
              )}
            </Stack>
          </fieldset>
        </form>
      )}
    </Paper>
  );
}
