import { Button, Group, Paper, PasswordInput, Select, SimpleGrid, Stack, Text, TextInput, Title } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { IconUserPlus } from '@tabler/icons-react';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { type FormEvent, useState } from 'react';
import { isProblem } from '../api/problem';
import { useSingleFlight, useSubmissionKey } from '../api/submission-key';
import { addMember, type Role, roleHelp, roleLabels, staffKeys } from './staff-api';

const blank = { name: '', email: '', password: '', role: 'staff' as Role };

/** Owners add anyone; managers add managers and staff. The new member signs in with the password given here. */
export function AddMemberForm({ canAddOwner }: { canAddOwner: boolean }) {
  const queryClient = useQueryClient();
  const key = useSubmissionKey();
  const once = useSingleFlight();
  const [form, setForm] = useState(blank);
  const add = useMutation({
    mutationFn: () => addMember(form, key.current()),
    onSuccess: (m) => {
      key.renew();
      setForm(blank);
      notifications.show({ color: 'green', title: `${m.name} added`, message: `They sign in with ${m.email} and the password you gave them.` });
      return queryClient.invalidateQueries({ queryKey: staffKeys.all });
    },
    onError: (e) => {
      if (!isProblem(e) || e.status >= 500 || e.status === 0) return;
      key.renew();
    },
  });
  const errors = isProblem(add.error) ? add.error.fieldErrors() : {};
  const roles = (Object.keys(roleLabels) as Role[]).filter((r) => canAddOwner || r !== 'owner');
  const submit = (e: FormEvent) => {
    e.preventDefault();
    once(() => add.mutateAsync());
  };
  return (
    <Paper withBorder p="md" radius="md" component="section" aria-labelledby="add-member">
      <form onSubmit={submit} noValidate>
        <Stack gap="sm">
          <Title order={2} size="h4" id="add-member">
            Add a member of staff
          </Title>
          <SimpleGrid cols={{ base: 1, sm: 2 }}>
            <TextInput label="Name" required value={form.name} onChange={(e) => setForm({ ...form, name: e.currentTarget.value })} error={errors.name} />
            <TextInput
              label="E-mail"
              type="email"
              required
              value={form.email}
              onChange={(e) => setForm({ ...form, email: e.currentTarget.value })}
              error={errors.email}
            />
            <PasswordInput
              label="Password for their first sign-in"
              required
              value={form.password}
              onChange={(e) => setForm({ ...form, password: e.currentTarget.value })}
              error={errors.password}
            />
            <Select
              label="Role"
              required
              allowDeselect={false}
              data={roles.map((r) => ({ value: r, label: roleLabels[r] }))}
              value={form.role}
              onChange={(v) => v && setForm({ ...form, role: v as Role })}
              description={roleHelp[form.role]}
              error={errors.role}
            />
          </SimpleGrid>
          {isProblem(add.error) && Object.keys(errors).length === 0 && (
            <Text c="red" size="sm" role="alert">
              {add.error.detail}
            </Text>
          )}
          <Group justify="flex-end">
            <Button type="submit" loading={add.isPending} leftSection={<IconUserPlus size={16} aria-hidden />}>
              Add member
            </Button>
          </Group>
        </Stack>
      </form>
    </Paper>
  );
}
