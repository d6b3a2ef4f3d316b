import { Alert, Button, Container, Group, Tabs, Text, Title } from '@mantine/core';
import { IconDiamond, IconTool } from '@tabler/icons-react';
import { useSuspenseQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { meQuery } from '../api/queries';
import type { Job } from '../api/types';
import { JobForm } from '../bespoke/form/JobForm';
import { emptyJobForm, type JobFormValues } from '../bespoke/form/job-form-values';
import { useSaveJob } from '../bespoke/form/use-save-job';
import { useShopFormat } from '../format/use-shop-format';
import { AnchorLink } from '../layout/links';
import { RepairIntake } from '../repairs/RepairIntake';
import { useDraft } from './use-draft';

const isBlank = (v: JobFormValues) => JSON.stringify(v) === JSON.stringify(emptyJobForm);

/** The counter: take in a bespoke enquiry fast; the draft outlives a reload. */
export function IntakePage() {
  const fmt = useShopFormat();
  const { data: me } = useSuspenseQuery(meQuery);
  const [value, setValue, clearDraft] = useDraft<JobFormValues>(`loupe.intake.bespoke.${me.shop.id}`, emptyJobForm);
  const { save, errors, failure, saving } = useSaveJob(fmt);
  const [taken, setTaken] = useState<Job | null>(null);

  return (
    <Container size="lg" px={0} ml={0}>
      <Title order={1} size="h2" mb="md">
        Intake
      </Title>
      <Tabs defaultValue="bespoke" keepMounted={false}>
        <Tabs.List mb="md">
          <Tabs.Tab value="bespoke" leftSection={<IconDiamond size={16} aria-hidden />}>
            Bespoke
          </Tabs.Tab>
          <Tabs.Tab value="repair" leftSection={<IconTool size={16} aria-hidden />}>
            Repair
          </Tabs.Tab>
        </Tabs.List>
        <Tabs.Panel value="bespoke">
          {taken && (
            <Alert color="green" mb="md" title={`${taken.reference} taken in`} withCloseButton onClose={() => setTaken(null)} closeButtonLabel="Dismiss">
              {taken.title} for {taken.customer.name} is in Enquiry.{' '}
              <AnchorLink to="/bespoke/$id" params={{ id: taken.id }} fw={600}>
                Open {taken.reference}
              </AnchorLink>
            </Alert>
          )}
          {failure && (
            <Alert color="red" mb="md" role="alert">
              {failure}
            </Alert>
          )}
          {!isBlank(value) && (
            <Text size="xs" c="dimmed" mb="xs" aria-live="polite">
              Draft kept on this device until the job is taken in.
            </Text>
          )}
          <JobForm
            compact
            value={value}
            onChange={setValue}
            errors={errors}
            fmt={fmt}
            submitting={saving}
            submitLabel="Take in enquiry"
            extraActions={
              <Group>
                <Button variant="default" onClick={clearDraft} disabled={isBlank(value)}>
                  Clear form
                </Button>
              </Group>
            }
            onSubmit={() =>
              save(value, (job) => {
                setTaken(job);
                clearDraft();
              })
            }
          />
        </Tabs.Panel>
        <Tabs.Panel value="repair">
          <RepairIntake />
        </Tabs.Panel>
      </Tabs>
    </Container>
  );
}
