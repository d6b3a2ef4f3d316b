import { Alert, Container, Title } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useNavigate } from '@tanstack/react-router';
import { useState } from 'react';
import { useShopFormat } from '../../format/use-shop-format';
import { ButtonLink } from '../../layout/links';
import { RepairForm } from './RepairForm';
import { emptyRepairForm, type RepairFormValues } from './repair-form-values';
import { useSaveRepair } from './use-save-repair';

export function NewRepairPage() {
  const fmt = useShopFormat();
  const navigate = useNavigate();
  const [value, setValue] = useState<RepairFormValues>(emptyRepairForm);
  const { save, errors, failure, saving, revalidate } = useSaveRepair(fmt);
  return (
    <Container size="lg" px={0} ml={0}>
      <Title order={1} size="h2" mb="md">
        New repair
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
        submitLabel="Book in repair"
        extraActions={
          <ButtonLink variant="default" to="/repairs">
            Cancel
          </ButtonLink>
        }
        onSubmit={() =>
          save(value, [], ({ job }) => {
            notifications.show({ color: 'green', title: `${job.reference} booked in`, message: `${job.title} for ${job.customer.name}.` });
            void navigate({ to: '/repairs/$id', params: { id: job.id } });
          })
        }
      />
    </Container>
  );
}
