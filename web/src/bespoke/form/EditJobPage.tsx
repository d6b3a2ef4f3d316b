import { Alert, Container, Title } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useSuspenseQuery } from '@tanstack/react-query';
import { useNavigate, useParams } from '@tanstack/react-router';
import { useState } from 'react';
import { jobQuery } from '../../api/queries';
import { useShopFormat } from '../../format/use-shop-format';
import { ButtonLink } from '../../layout/links';
import { JobForm } from './JobForm';
import { formFromJob, type JobFormValues } from './job-form-values';
import { useSaveJob } from './use-save-job';

export function EditJobPage() {
  const { id } = useParams({ from: '/staff/bespoke/$id/edit' });
  const fmt = useShopFormat();
  const navigate = useNavigate();
  const { data: job } = useSuspenseQuery(jobQuery(id));
  const [value, setValue] = useState<JobFormValues>(() => formFromJob(job, fmt));
  const { save, errors, failure, saving } = useSaveJob(fmt, id);
  return (
    <Container size="lg" px={0} ml={0}>
      <Title order={1} size="h2" mb="md">
        Edit {job.reference}
      </Title>
      {failure && (
        <Alert color="red" mb="md" role="alert">
          {failure}
        </Alert>
      )}
      <JobForm
        value={value}
        onChange={setValue}
        errors={errors}
        fmt={fmt}
        submitting={saving}
        submitLabel="Save changes"
        extraActions={
          <ButtonLink variant="default" to="/bespoke/$id" params={{ id }}>
            Cancel
          </ButtonLink>
        }
        onSubmit={() =>
          save(value, (saved) => {
            notifications.show({ color: 'green', title: `${saved.reference} saved`, message: 'Your changes are in.' });
            void navigate({ to: '/bespoke/$id', params: { id } });
          })
        }
      />
    </Container>
  );
}
