import { Button, Group, Paper, Select, SimpleGrid, Stack, Text, TextInput, Title } from '@mantine/core';
import { IconMailForward } from '@tabler/icons-react';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { type FormEvent, useState } from 'react';
import { isProblem } from '../api/problem';
import { useSingleFlight, useSubmissionKey } from '../api/submission-key';
import { showInviteNotice } from './invite-notice';
import { invitesKey, type Role, roleHelp, roleLabels, sendInvite } from './staff-api';

const blank = { name: '', email: '', role: 'staff' as Role };

/** Invites someone by e-mail: they get a link, valid 7 days, to choose their own password. */
export function InviteForm({ canAddOwner }: { canAddOwner: boolean }) {
  const queryClient = useQueryClient();
  const key = useSubmissionKey();
  const once = useSingleFlight();
  const [form, setForm] = useState(blank);
  const invite = useMutation({
    mutationFn: () => sendInvite(form, key.current()),
    onSuccess: (i) => {
      key.renew();
      setForm(blank);
      showInviteNotice(i);
      return queryClient.invalidateQueries({ queryKey: invitesKey });
    },
    onError: (e) => {
      if (!isProblem(e) || e.status >= 500 || e.status === 0) return;
      key.renew();
    },
  });
  const errors = isProblem(invite.error) ? invite.error.fieldErrors() : {};
  const roles = (Object.keys(roleLabels) as Role[]).filter((r) => canAddOwner || r !== 'owner');
  const submit = (e: FormEvent) => {
    e.preventDefault();
    once(() => invite.mutateAsync());
  };
  return (
    <Paper withBorder p="md" radius="md" component="section" aria-labelledby="invite-member">
      <form onSubmit={submit} noValidate>
        <Stack gap="sm">
          <div>
            <Title order={2} size="h4" id="invite-member">
              Invite by e-mail
            </Title>
            <Text c="dimmed" size="sm">
              They choose their own password from the link in the e-mail.
            </Text>
          </div>
          <SimpleGrid cols={{ base: 1, sm: 3 }}>
            <TextInput label="Their name" required value={form.name} onChange={(e) => setForm({ ...form, name: e.currentTarget.value })} error={errors.name} />
            <TextInput
              label="Their e-mail"
              type="email"
              required
              value={form.email}
              onChange={(e) => setForm({ ...form, email: e.currentTarget.value })}
              error={errors.email}
            />
            <Select
              label="Their role"
              required
              allowDeselect={false}
              data={roles.map((r) => ({ value: r, label: roleLabels[r] }))}
              value={form.role}
              onChange={(v) => v && setForm({ ...form, role: v as Role })}
              error={errors.role}
            />
          </SimpleGrid>
          <Text size="sm" c="dimmed">
            {roleLabels[form.role]}: {roleHelp[form.role].toLowerCase()}.
          </Text>
          {isProblem(invite.error) && Object.keys(errors).length === 0 && (
            <Text c="red" size="sm" role="alert">
              {invite.error.detail}
            </Text>
          )}
          <Group justify="flex-end">
            <Button type="submit" loading={invite.isPending} leftSection={<IconMailForward size={16} aria-hidden />}>
              Send invitation
            </Button>
          </Group>
        </Stack>
      </form>
    </Paper>
  );
}
