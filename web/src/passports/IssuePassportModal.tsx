import { Button, Checkbox, Group, Image, Modal, NumberInput, SimpleGrid, Stack, Text, TextInput } from '@mantine/core';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useNavigate } from '@tanstack/react-router';
import { type FormEvent, useState } from 'react';
import { isProblem } from '../api/problem';
import { useSingleFlight, useSubmissionKey } from '../api/submission-key';
import { issuePassport, type PassportDraft, passportKeys } from './api';
import { type StoneRow, StoneRows, stonesBody } from './StoneRows';

/**
 * The one form that issues a passport: from a finished job (`draft`: prefilled from it, photos chosen
 * from the ones its customer can see), or from scratch for a piece the shop did not make.
 */
export function IssuePassportModal({ draft, onClose }: { draft?: PassportDraft; onClose: () => void }) {
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const submission = useSubmissionKey();
  const once = useSingleFlight();
  const [f, setF] = useState({
    title: draft?.title ?? '',
    jewelleryType: draft?.jewelleryType ?? '',
    metal: draft?.metal ?? '',
    fineness: '',
    hallmarks: draft?.hallmarks ?? '',
    measurements: '',
    maker: draft?.maker ?? '',
    madeOn: draft?.madeOn ?? '',
    ownerName: draft?.owner.name ?? '',
    ownerContact: draft?.owner.contact ?? '',
  });
  const [weight, setWeight] = useState<number | ''>(draft?.weightGrams ?? '');
  const [stones, setStones] = useState<StoneRow[]>([]);
  const [photos, setPhotos] = useState<string[]>(draft?.photos.map((p) => p.id) ?? []);
  const text = (k: keyof typeof f) => ({ value: f[k], onChange: (e: { currentTarget: { value: string } }) => setF({ ...f, [k]: e.currentTarget.value }) });
  const orNull = (s: string) => s.trim() || null;
  const issue = useMutation({
    mutationFn: () =>
      issuePassport(
        {
          ...(draft ? { jobId: draft.jobId, photoIds: photos } : {}),
          title: f.title,
          jewelleryType: orNull(f.jewelleryType),
          metal: orNull(f.metal),
          fineness: orNull(f.fineness),
          hallmarks: orNull(f.hallmarks),
          measurements: orNull(f.measurements),
          maker: orNull(f.maker),
          madeOn: orNull(f.madeOn),
          weightGrams: weight === '' ? null : weight,
          owner: { name: f.ownerName, contact: orNull(f.ownerContact) },
          stones: stonesBody(stones),
        },
        submission.current(),
      ),
    onSettled: submission.renew,
    onSuccess: (p) => {
      void queryClient.invalidateQueries({ queryKey: passportKeys.all });
      void navigate({ to: '/passports/$id', params: { id: p.id } });
    },
  });
  const errors = isProblem(issue.error) ? issue.error.fieldErrors() : {};
  const general = issue.error && Object.keys(errors).length === 0 ? issue.error.message : (errors.jobId ?? errors.photoIds);
  const submit = (e: FormEvent) => {
    e.preventDefault();
    once(() => issue.mutateAsync());
  };
  return (
    <Modal opened onClose={onClose} title={draft ? 'Issue provenance passport' : 'Issue a passport from scratch'} size="xl" centered>
      <form onSubmit={submit} noValidate>
        <Stack gap="sm">
          {!draft && (
            <Text size="sm" c="dimmed">
              The passport says the piece was not made by this shop.
            </Text>
          )}
          <TextInput label="Title" required {...text('title')} error={errors.title} data-autofocus />
          <SimpleGrid cols={{ base: 1, sm: 2 }} spacing="sm">
            <TextInput label="Type of jewellery" {...text('jewelleryType')} error={errors.jewelleryType} />
            <TextInput label="Metal" {...text('metal')} error={errors.metal} />
            <TextInput label="Fineness" {...text('fineness')} placeholder="750" error={errors.fineness} />
            <TextInput label="Hallmarks" {...text('hallmarks')} error={errors.hallmarks} />
            <NumberInput
              label="Weight (g)"
              decimalScale={3}
              min={0}
              value={weight}
              onChange={(v) => setWeight(typeof v === 'number' ? v : '')}
              error={errors.weightGrams}
            />
            <TextInput label="Measurements" {...text('measurements')} error={errors.measurements} />
            <TextInput label="Maker" {...text('maker')} error={errors.maker} />
            <TextInput label="Date made" type="date" {...text('madeOn')} error={errors.madeOn} />
            <TextInput label="Owner" required {...text('ownerName')} error={errors['owner.name'] ?? errors.owner} />
            <TextInput label="Owner’s e-mail or phone" {...text('ownerContact')} error={errors['owner.contact']} />
          </SimpleGrid>
          <StoneRows rows={stones} onChange={setStones} errors={errors} />
          {draft && draft.photos.length > 0 && (
            <div>
              <Text size="sm" fw={500} mb={4}>
                Photos (the ones its customer can see)
              </Text>
              <Group gap="sm">
                {draft.photos.map((p) => (
                  <Checkbox.Card
                    key={p.id}
                    checked={photos.includes(p.id)}
                    onClick={() => setPhotos(photos.includes(p.id) ? photos.filter((x) => x !== p.id) : [...photos, p.id])}
                    w={96}
                    p={4}
                    radius="sm"
                    aria-label={p.caption ?? 'Photo'}
                  >
                    <Image src={p.thumbnailUrl} alt={p.caption ?? ''} h={80} w={86} fit="cover" radius="xs" />
                    <Checkbox.Indicator size="xs" mt={4} mx="auto" />
                  </Checkbox.Card>
                ))}
              </Group>
            </div>
          )}
          {general && (
            <Text c="red" size="sm" role="alert">
              {general}
            </Text>
          )}
          <Group justify="flex-end">
            <Button variant="default" onClick={onClose}>
              Cancel
            </Button>
            <Button type="submit" loading={issue.isPending}>
              Issue and sign
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}
