import { Alert, Anchor, Button, Group, Text } from '@mantine/core';
import { IconPrinter } from '@tabler/icons-react';
import { useState } from 'react';
import { useShopFormat } from '../format/use-shop-format';
import { AnchorLink } from '../layout/links';
import { RepairForm } from './form/RepairForm';
import { emptyRepairForm, type RepairFormValues } from './form/repair-form-values';
import { type SavedRepair, useSaveRepair } from './form/use-save-repair';

/** The Repair tab of the counter: customer, piece, work and prices, condition, photos, deposit; then the slip. */
export function RepairIntake() {
  const fmt = useShopFormat();
  const [value, setValue] = useState<RepairFormValues>(emptyRepairForm);
  const [photos, setPhotos] = useState<File[]>([]);
  const [taken, setTaken] = useState<SavedRepair | null>(null);
  const { save, errors, failure, saving, revalidate } = useSaveRepair(fmt);
  return (
    <>
      {taken && (
        <Alert color="green" mb="md" title={`${taken.job.reference} booked in`} withCloseButton onClose={() => setTaken(null)} closeButtonLabel="Dismiss">
          <Text size="sm">
            {taken.job.title} for {taken.job.customer.name} is Booked in.{' '}
            <AnchorLink to="/repairs/$id" params={{ id: taken.job.id }} fw={600}>
              Open {taken.job.reference}
            </AnchorLink>
          </Text>
          {taken.afterwards.map((a) => (
            <Text key={a} size="sm" c="red.9">
              {a}
            </Text>
          ))}
          <Group mt="xs" gap="xs">
            <Button
              component="a"
              href={`/api/v1/repairs/${taken.job.id}/slip.pdf`}
              target="_blank"
              rel="noreferrer"
              size="xs"
              leftSection={<IconPrinter size={14} aria-hidden />}
            >
              Print take-in slip
            </Button>
            <Anchor href={`/api/v1/repairs/${taken.job.id}/envelope.pdf`} target="_blank" rel="noreferrer" size="sm">
              Print envelope label
            </Anchor>
          </Group>
        </Alert>
      )}
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
        intake={{ photos, onPhotos: setPhotos }}
        extraActions={
          <Button
            variant="default"
            onClick={() => {
              setValue(emptyRepairForm());
              setPhotos([]);
            }}
          >
            Clear form
          </Button>
        }
        onSubmit={() =>
          save(value, photos, (saved) => {
            setTaken(saved);
            setValue(emptyRepairForm());
            setPhotos([]);
          })
        }
      />
    </>
  );
}
