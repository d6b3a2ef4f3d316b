import { Alert, Container, Title } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useNavigate } from '@tanstack/react-router';
import { useState } from 'react';
import { useShopFormat } from '../../format/use-shop-format';
import { ButtonLink } from '../../layout/links';
import { JobForm } from './JobForm';
import { emptyJobForm, type JobFormValues } from './job-form-values';
import { useSaveJob } from './use-save-job';

export function NewJobPage() {
  const fmt = useShopFormat();
  const navigate = useNavigate();
  const [value, setValue] = useState<JobFormValues>(emptyJobForm);
  const { save, errors, failure, saving } = useSaveJob(fmt);
  return (
    <Container size="lg" px={0} ml={0}>
      <Title order={1} size="h2" mb="md">
        New bespoke job
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
        submitLabel="Create job"
        extraActions={
          <ButtonLink variant="default" to="/bespoke">
            Cancel
          </ButtonLink>
        }
        onSubmit={() =>
          save(value, (job) => {
            notifications.show({ color: 'green', title: `${job.reference} created`, message: `${job.title} for ${job.customer.name} is in Enquiry.` });
            void navigate({ to: '/bespoke/$id', params: { id: job.id } });
          })
        }
      />
    </Container>
  );
}
