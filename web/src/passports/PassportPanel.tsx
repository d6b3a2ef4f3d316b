import { Button, Divider, Group, Modal, Paper, Select, Stack, Text, Title } from '@mantine/core';
import { useDebouncedValue } from '@mantine/hooks';
import { IconCertificate, IconLink } from '@tabler/icons-react';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useSingleFlight, useSubmissionKey } from '../api/submission-key';
import { AnchorLink, ButtonLink } from '../layout/links';
import { draftQuery, type JobLink, jobLinkQuery, linkJob, passportKeys, searchPassports } from './api';
import { IssuePassportModal } from './IssuePassportModal';

/**
 * A job's provenance passport, on every pipeline's job page: issue one for a finished piece (or open
 * the one issued), and link the job to a passport of this shop so collecting it adds to its history.
 */
export function PassportPanel({ jobId, stage }: { jobId: string; stage: string }) {
  // Keyed by the stage too, so a move to ready offers the passport at once, and a move to collected shows the event added.
  const { data: draft } = useQuery(draftQuery(jobId, stage));
  const { data: link } = useQuery(jobLinkQuery(jobId, stage));
  const [issuing, setIssuing] = useState(false);
  const issues = draft && (draft.eligible || draft.existing);
  if (!issues && !link) return null;
  return (
    <Paper p="md" component="section" aria-labelledby="passport-panel-h">
      <Title order={2} size="h4" mb="sm" id="passport-panel-h">
        Provenance passport
      </Title>
      <Stack gap="sm">
        {draft?.existing ? (
          <Group justify="space-between">
            <Text size="sm" fw={600}>
              {draft.existing.number}
            </Text>
            <ButtonLink to="/passports/$id" params={{ id: draft.existing.id }} size="xs" variant="default">
              Open passport
            </ButtonLink>
          </Group>
        ) : (
          draft?.eligible && (
            <>
              <Text size="sm" c="dimmed">
                A signed record of this piece that its owner keeps, checkable by anyone at /verify.
              </Text>
              <Button fullWidth leftSection={<IconCertificate size={16} aria-hidden />} onClick={() => setIssuing(true)}>
                Issue passport
              </Button>
              {issuing && <IssuePassportModal draft={draft} onClose={() => setIssuing(false)} />}
            </>
          )
        )}
        {issues && link && <Divider />}
        {link && <LinkSection jobId={jobId} link={link} />}
      </Stack>
    </Paper>
  );
}

/** Which passport this job adds to, and what it adds; or a way to choose one. */
function LinkSection({ jobId, link }: { jobId: string; link: JobLink }) {
  const [choosing, setChoosing] = useState(false);
  const adds = link.adds;
  if (link.passport) {
    return (
      <Stack gap={4} data-testid="passport-link">
        <Text size="sm">
          Linked to{' '}
          <AnchorLink to="/passports/$id" params={{ id: link.passport.id }} fw={600}>
            {link.passport.number}
          </AnchorLink>{' '}
          · {link.passport.title}
        </Text>
        <Text size="xs" c="dimmed">
          {link.eventSeq !== null
            ? `“${adds?.label ?? 'Event'}” is in its history.`
            : adds
              ? `Moving this job to ${adds.onLabel} adds “${adds.label}” to its history.`
              : 'Jobs of this kind add nothing to a passport’s history.'}
        </Text>
      </Stack>
    );
  }
  return (
    <>
      <Text size="sm" c="dimmed">
        {adds
          ? `Work on a piece with a passport? Link it: moving this job to ${adds.onLabel} adds “${adds.label}” to the passport’s history.`
          : 'Link this job to the passport of the piece it is about.'}
      </Text>
      <Button variant="default" fullWidth leftSection={<IconLink size={16} aria-hidden />} onClick={() => setChoosing(true)}>
        Link to a passport
      </Button>
      {choosing && <ChoosePassportModal jobId={jobId} onClose={() => setChoosing(false)} />}
    </>
  );
}

function ChoosePassportModal({ jobId, onClose }: { jobId: string; onClose: () => void }) {
  const queryClient = useQueryClient();
  const submission = useSubmissionKey();
  const once = useSingleFlight();
  const [search, setSearch] = useState('');
  const [q] = useDebouncedValue(search.trim(), 200);
  const [chosen, setChosen] = useState<string | null>(null);
  const { data: found = [] } = useQuery({ queryKey: [...passportKeys.all, 'search', q], queryFn: () => searchPassports(q), enabled: q.length > 0 });
  const save = useMutation({
    mutationFn: (passportId: string) => linkJob(passportId, jobId, submission.current()),
    onSettled: submission.renew,
    onSuccess: () => {
      void queryClient.invalidateQueries({ queryKey: passportKeys.all });
      onClose();
    },
  });
  return (
    <Modal opened onClose={onClose} title="Link to a passport" centered>
      <form
        onSubmit={(e) => {
          e.preventDefault();
          if (chosen) once(() => save.mutateAsync(chosen));
        }}
        noValidate
      >
        <Stack>
          <Select
            label="Passport"
            description="Type its number (LP-…) or the piece’s title"
            placeholder="LP-123 456 789"
            searchable
            searchValue={search}
            onSearchChange={setSearch}
            filter={({ options }) => options}
            data={found.map((p) => ({ value: p.id, label: `${p.number} · ${p.title}` }))}
            value={chosen}
            onChange={setChosen}
            nothingFoundMessage={q ? 'No passport of this shop matches' : undefined}
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
