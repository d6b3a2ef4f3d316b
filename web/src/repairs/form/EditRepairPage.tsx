import { Alert, Container, Title } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useSuspenseQuery } from '@tanstack/react-query';
import { useNavigate, useParams } from '@tanstack/react-router';
import { useState } from 'react';
import { useShopFormat } from '../../format/use-shop-format';
import { ButtonLink } from '../../layout/links';
import { repairQuery } from '../api';
import { RepairForm } from './RepairForm';
import { formFromRepair, type RepairFormValues } from './repair-form-values';
import { useSaveRepair } from './use-save-repair';

export function EditRepairPage() {
  const { id } = useParams({ from: '/staff/repairs/$id/edit' });
  const fmt = useShopFormat();
  const navigate = useNavigate();
  const { data: job } = useSuspenseQuery(repairQuery(id));
  const [value, setValue] = useState<RepairFormValues>(() => formFromRepair(job, fmt));
  const { save, errors, failure, saving, revalidate } = useSaveRepair(fmt, id);
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
      <RepairForm
        value={value}
        onChange={(v) => {
          setValue(v);
          revalidate(v);
        }}
        errors={errors}
        fmt={fmt}
        submitting={saving}
        submitLabel="Save changes"
        extraActions={
          <ButtonLink variant="default" to="/repairs/$id" params={{ id }}>
            Cancel
          </ButtonLink>
        }
        onSubmit={() =>
          save(value, [], () => {
            notifications.show({ color: 'green', title: `${job.reference} saved`, message: '' });
            void navigate({ to: '/repairs/$id', params: { id } });
          })
        }
      />
    </Container>
  );
}
