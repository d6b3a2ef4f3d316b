import { Container, Title } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useSuspenseQuery } from '@tanstack/react-query';
import { useNavigate } from '@tanstack/react-router';
import { useState } from 'react';
import { useShopFormat } from '../../format/use-shop-format';
import { ButtonLink } from '../../layout/links';
import { detailQuery } from '../queries';
import type { BaseForm, PipelineConfig, PipelineDetail, PipelineJob } from '../types';
import { FormFrame } from './FormFrame';
import { useJobForm } from './use-save-job';

type Config<S extends string, J extends PipelineJob<S>, D extends J & PipelineDetail<S>, F extends BaseForm, C> = PipelineConfig<S, J, D, F, C>;

/** A new job of the pipeline, on its own page; once made, its page. */
export function NewJobPage<S extends string, J extends PipelineJob<S>, D extends J & PipelineDetail<S>, F extends BaseForm, C>({
  p,
}: {
  p: Config<S, J, D, F, C>;
}) {
  const fmt = useShopFormat();
  const navigate = useNavigate();
  const form = useJobForm(p, fmt, useState<F>(p.form.empty));
  const { value, saver } = form;
  const first = p.vocab.main[0];
  return (
    <Container size="lg" px={0} ml={0}>
      <Title order={1} size="h2" mb="md">
        {p.words.newTitle}
      </Title>
      <FormFrame
        form={form}
        submitLabel={p.words.create}
        extraActions={
          <ButtonLink variant="default" to="/$pipeline" params={{ pipeline: p.base }}>
            Cancel
          </ButtonLink>
        }
        onSubmit={() =>
          saver.save(value, [], ({ job }) => {
            notifications.show({
              color: 'green',
              title: `${job.reference} ${p.words.created}`,
              message: `${job.title} for ${job.customer.name} is in ${first ? p.vocab.label(first) : 'the pipeline'}.`,
            });
            void navigate({ to: '/$pipeline/$id', params: { pipeline: p.base, id: job.id } });
          })
        }
      />
    </Container>
  );
}

/** A job's fields, changed; then back to its page. */
export function EditJobPage<S extends string, J extends PipelineJob<S>, D extends J & PipelineDetail<S>, F extends BaseForm, C>({
  p,
  id,
}: {
  p: Config<S, J, D, F, C>;
  id: string;
}) {
  const fmt = useShopFormat();
  const navigate = useNavigate();
  const { data: job } = useSuspenseQuery(detailQuery(p, id));
  const form = useJobForm(
    p,
    fmt,
    useState<F>(() => p.form.fromJob(job, fmt)),
    id,
  );
  const { value, saver } = form;
  return (
    <Container size="lg" px={0} ml={0}>
      <Title order={1} size="h2" mb="md">
        Edit {job.reference}
      </Title>
      <FormFrame
        form={form}
        submitLabel="Save changes"
        extraActions={
          <ButtonLink variant="default" to="/$pipeline/$id" params={{ pipeline: p.base, id }}>
            Cancel
          </ButtonLink>
        }
        onSubmit={() =>
          saver.save(value, [], ({ job: saved }) => {
            notifications.show({ color: 'green', title: `${saved.reference} saved`, message: 'Your changes are in.' });
            void navigate({ to: '/$pipeline/$id', params: { pipeline: p.base, id } });
          })
        }
      />
    </Container>
  );
}
