import { Alert, Button, Text } from '@mantine/core';
import { useSuspenseQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { meQuery } from '../../api/queries';
import { PrintButtons } from '../../customer/PrintButtons';
import { useShopFormat } from '../../format/use-shop-format';
import { useDraft } from '../../intake/use-draft';
import { useDraftPhotos } from '../../intake/use-draft-photos';
import { AnchorLink } from '../../layout/links';
import type { BaseForm, PipelineConfig, PipelineDetail, PipelineJob } from '../types';
import { FormFrame } from './FormFrame';
import { type SavedJob, useJobForm } from './use-save-job';

/** A pipeline's tab at the counter: its form, kept as a draft on this device until the job is taken in; then the slip. */
export function IntakePanel<S extends string, J extends PipelineJob<S>, D extends J & PipelineDetail<S>, F extends BaseForm, C>({
  p,
}: {
  p: PipelineConfig<S, J, D, F, C>;
}) {
  const fmt = useShopFormat();
  const { data: me } = useSuspenseQuery(meQuery);
  const [blank] = useState(p.form.empty);
  const draftKey = `loupe.intake.${p.base}.${me.shop.id}`;
  const [value, setValue, clearDraft] = useDraft<F>(draftKey, blank);
  const [photos, setPhotos, clearPhotos] = useDraftPhotos(draftKey);
  const [taken, setTaken] = useState<SavedJob<J> | null>(null);
  const form = useJobForm(p, fmt, [value, setValue]);
  const { saver } = form;
  const isBlank = JSON.stringify(value) === JSON.stringify(blank) && photos.length === 0;
  const first = p.vocab.main[0];
  const clear = () => {
    clearDraft();
    clearPhotos();
  };
  return (
    <>
      {taken && (
        <Alert
          color="green"
          mb="md"
          title={`${taken.job.reference} ${p.words.takenIn}`}
          withCloseButton
          onClose={() => setTaken(null)}
          closeButtonLabel="Dismiss"
        >
          <Text size="sm" mb="xs">
            {taken.job.title} for {taken.job.customer.name} is in {first ? p.vocab.label(first) : 'the pipeline'}.{' '}
            <AnchorLink to="/$pipeline/$id" params={{ pipeline: p.base, id: taken.job.id }} fw={600}>
              Open {taken.job.reference}
            </AnchorLink>
          </Text>
          {taken.afterwards.map((a) => (
            <Text key={a} size="sm" c="red.9" mb="xs">
              {a}
            </Text>
          ))}
          <PrintButtons kind={p.base} jobId={taken.job.id} />
        </Alert>
      )}
      {!isBlank && (
        <Text size="xs" c="dimmed" mb="xs" aria-live="polite">
          Draft kept on this device until the {p.words.one} is taken in.
        </Text>
      )}
      <FormFrame
        form={form}
        submitLabel={p.words.takeIn}
        intake={{ photos, onPhotos: setPhotos }}
        extraActions={
          <Button variant="default" onClick={clear} disabled={isBlank}>
            Clear form
          </Button>
        }
        onSubmit={() =>
          saver.save(value, photos, (saved) => {
            setTaken(saved);
            clear();
          })
        }
      />
    </>
  );
}
