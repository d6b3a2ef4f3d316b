import { Alert, Button, Group, Modal, Skeleton, Stack, Text, Title } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useMutation, useQuery, useQueryClient, useSuspenseQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { isProblem } from '../api/problem';
import { meQuery } from '../api/queries';
import { usePageTitle } from '../layout/page-title';
import { AddMemberForm } from './AddMemberForm';
import { InviteForm } from './InviteForm';
import { MemberCard } from './MemberCard';
import { PendingInvites } from './PendingInvites';
import { SessionsModal } from './SessionsModal';
import { letGo, type StaffMember, staffKeys, staffQuery } from './staff-api';

/** /settings/staff: who works here, in what role, and where they are signed in. */
export function StaffSettingsPage() {
  usePageTitle('Staff');
  const { data: me } = useSuspenseQuery(meQuery);
  const staff = useQuery(staffQuery);
  const queryClient = useQueryClient();
  const [sessionsOf, setSessionsOf] = useState<StaffMember | null>(null);
  const [leaving, setLeaving] = useState<StaffMember | null>(null);
  const owner = me.user.role === 'owner';
  const go = useMutation({
    mutationFn: (m: StaffMember) => letGo(m.id),
    onSuccess: (_, m) => {
      setLeaving(null);
      notifications.show({ color: 'green', title: `${m.name} has been let go`, message: 'They are signed out everywhere and cannot sign in again.' });
      return queryClient.invalidateQueries({ queryKey: staffKeys.all });
    },
  });
  const members = staff.data?.items ?? [];
  const active = members.filter((m) => m.deactivatedAt === null);
  const former = members.filter((m) => m.deactivatedAt !== null);
  const card = (m: StaffMember) => (
    <MemberCard key={m.id} member={m} owner={owner} self={m.id === me.user.id} onSessions={() => setSessionsOf(m)} onLetGo={() => setLeaving(m)} />
  );

  return (
    <Stack maw={880} mx="auto" gap="lg">
      <div>
        <Title order={1} size="h2">
          Staff
        </Title>
        <Text c="dimmed" size="sm">
          {owner ? 'Add members, set their roles, and sign them out or let them go.' : 'Who works at the shop. Only an owner changes roles.'}
        </Text>
      </div>
      {me.user.role !== 'staff' && <InviteForm canAddOwner={owner} />}
      {me.user.role !== 'staff' && <AddMemberForm canAddOwner={owner} />}
      {staff.isPending && <Skeleton h={160} />}
      {staff.isError && <Alert color="red">{isProblem(staff.error) ? staff.error.detail : 'The staff list could not be loaded.'}</Alert>}
      {staff.data && (
        <Stack gap="xs" component="ul" p={0} m={0} style={{ listStyle: 'none' }} aria-label="Members">
          {active.map(card)}
        </Stack>
      )}
      {me.user.role !== 'staff' && <PendingInvites />}
      {former.length > 0 && (
        <Stack gap="xs">
          <Title order={2} size="h4">
            Former staff
          </Title>
          <Stack gap="xs" component="ul" p={0} m={0} style={{ listStyle: 'none' }} aria-label="Former staff">
            {former.map(card)}
          </Stack>
        </Stack>
      )}
      <SessionsModal member={sessionsOf} onClose={() => setSessionsOf(null)} />
      <Modal opened={leaving !== null} onClose={() => setLeaving(null)} title={leaving ? `Let ${leaving.name} go?` : ''} centered>
        <Stack>
          <Text size="sm">
            They are signed out on every device at once and cannot sign in again. Their name stays on the history of the jobs they worked on.
          </Text>
          {isProblem(go.error) && (
            <Text c="red" size="sm" role="alert">
              {go.error.detail}
            </Text>
          )}
          <Group justify="flex-end">
            <Button variant="default" onClick={() => setLeaving(null)}>
              Keep them
            </Button>
            <Button color="red" loading={go.isPending} onClick={() => leaving && go.mutate(leaving)}>
              Let go
            </Button>
          </Group>
        </Stack>
      </Modal>
    </Stack>
  );
}
