import { ActionIcon, Anchor, Badge, Button, Group, Modal, Select, Stack, Text } from '@mantine/core';
import { useDebouncedValue } from '@mantine/hooks';
import { IconUnlink } from '@tabler/icons-react';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Link } from '@tanstack/react-router';
import { useState } from 'react';
import { useSingleFlight, useSubmissionKey } from '../api/submission-key';
import { type LinkedJob, linkJob, type Passport, passportKeys, searchJobs, unlinkJob } from './api';

const linkedWords = (j: LinkedJob) =>
  j.eventSeq !== null ? `Added “${j.adds?.label ?? 'event'}”` : j.adds ? `Adds “${j.adds.label}” at ${j.adds.onLabel}` : 'Adds nothing';

/** The jobs linked to a passport: each with its stage and what its collection adds (or added) to the history. */
export function LinkedJobs({ passport, onChange }: { passport: Passport; onChange: (p: Passport) => void }) {
  const unlink = useMutation({ mutationFn: (jobId: string) => unlinkJob(passport.id, jobId), onSuccess: onChange });
  if (passport.linkedJobs.length === 0)
    return (
      <Text size="sm" c="dimmed">
        Link a repair or an appraisal of this piece: when it is collected, the passport records it.
      </Text>
    );
  return (
    <Stack gap="xs" data-testid="linked-jobs">
      {passport.linkedJobs.map((j) => (
        <Group key={j.jobId} justify="space-between" wrap="nowrap" gap="xs">
          <div style={{ minWidth: 0 }}>
            <Anchor component={Link} to={j.staffPath} size="sm" fw={600}>
              {j.reference}
            </Anchor>{' '}
            <Text span size="sm">
              {j.title}
            </Text>
            <Group gap={6} mt={2}>
              <Badge size="xs" variant="light" color="gray">
                {j.stageLabel}
              </Badge>
              <Text span size="xs" c={j.eventSeq !== null ? 'teal.9' : 'dimmed'}>
                {linkedWords(j)}
              </Text>
            </Group>
          </div>
          {j.eventSeq === null && (
            <ActionIcon variant="subtle" color="gray" aria-label={`Unlink ${j.reference}`} loading={unlink.isPending} onClick={() => unlink.mutate(j.jobId)}>
              <IconUnlink size={16} aria-hidden />
            </ActionIcon>
          )}
        </Group>
      ))}
    </Stack>
  );
}

/** Chooses a job of this shop, any pipeline, by reference, title or customer, and links it. */
export function LinkJobModal({ passport, onLinked, onClose }: { passport: Passport; onLinked: (p: Passport) => void; onClose: () => void }) {
  const queryClient = useQueryClient();
  const submission = useSubmissionKey();
  const once = useSingleFlight();
  const [search, setSearch] = useState('');
  const [q] = useDebouncedValue(search.trim(), 200);
  const [chosen, setChosen] = useState<string | null>(null);
  const { data: found = [] } = useQuery({ queryKey: ['jobs', 'search', q], queryFn: () => searchJobs(q), enabled: q.length > 0 });
  const taken = new Set([passport.jobId, ...passport.linkedJobs.map((j) => j.jobId)]);
  const save = useMutation({
    mutationFn: (jobId: string) => linkJob(passport.id, jobId, submission.current()),
    onSettled: submission.renew,
    onSuccess: (next) => {
      onLinked(next);
      void queryClient.invalidateQueries({ queryKey: passportKeys.all });
      onClose();
    },
  });
  return (
    <Modal opened onClose={onClose} title={`Link a job to ${passport.number}`} centered>
      <form
        onSubmit={(e) => {
          e.preventDefault();
          if (chosen) once(() => save.mutateAsync(chosen));
        }}
        noValidate
      >
        <Stack>
          <Select
            label="Job"
            description="Its reference, title or customer"
            placeholder="R-0042"
            searchable
            searchValue={search}
            onSearchChange={setSearch}
            filter={({ options }) => options}
            data={found.filter((j) => !taken.has(j.id)).map((j) => ({ value: j.id, label: `${j.reference} · ${j.title} · ${j.stageLabel}` }))}
            value={chosen}
            onChange={setChosen}
            nothingFoundMessage={q ? 'No job matches' : undefined}
            error={save.error?.message}
            data-autofocus
          />
          <Group justify="flex-end">
            <Button variant="default" onClick={onClose}>
              Cancel
            </Button>
            <Button type="submit" disabled={!chosen} loading={save.isPending}>
              Link
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}
