import { Alert, Checkbox, Group, NumberInput, Select, Stack, Textarea, TextInput } from '@mantine/core';
import { DateTimePicker } from '@mantine/dates';
import { useDebouncedValue } from '@mantine/hooks';
import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { isProblem } from '../api/problem';
import { customersQuery } from '../api/queries';
import { customerJobsQuery } from '../customers/customers-api';
import { useShopFormat } from '../format/use-shop-format';
import { staffQuery } from '../settings/staff-api';
import { type AppointmentDraft, type AppointmentFor, endOf, localInputOf, pickedOf, startWritten, usesTwelveHours } from './appointment-draft';
import { type Appointment, type AppointmentKind, appointmentKinds } from './calendar-api';

type Option = { value: string; label: string };

/** Adds the choice already made when the list fetched does not hold it (a customer beyond the search, a job since archived, staff since gone). */
const withChosen = (options: Option[], chosen: Option | null) => (chosen && !options.some((o) => o.value === chosen.value) ? [chosen, ...options] : options);

/**
 * The fields of an appointment, for booking one and for changing one. `about` fixes the customer (and
 * job) when booked from their page; `current` is the appointment being changed, whose customer, job and
 * member of staff stay choosable whatever the lists fetched hold.
 */
export function AppointmentFields({
  draft,
  onChange,
  errors,
  about,
  current,
}: {
  draft: AppointmentDraft;
  onChange: (draft: AppointmentDraft) => void;
  errors: Record<string, string>;
  about?: AppointmentFor;
  current?: Appointment;
}) {
  const fmt = useShopFormat();
  const [search, setSearch] = useState(current?.customer.name ?? '');
  const [q] = useDebouncedValue(search, 250);
  const customers = useQuery({ ...customersQuery(q), enabled: !about }).data ?? [];
  const staff = useQuery(staffQuery).data?.items ?? [];
  const theirJobs = useQuery({ ...customerJobsQuery(draft.customerId ?? ''), enabled: draft.customerId !== null && !about?.job }).data ?? [];
  const sameCustomer = current !== undefined && draft.customerId === current.customer.id;
  const jobChoices = about?.job
    ? [{ value: about.job.id, label: `${about.job.reference} ${about.job.title}` }]
    : withChosen(
        theirJobs.map((j) => ({ value: j.id, label: `${j.reference} ${j.title}` })),
        sameCustomer && current.job ? { value: current.job.id, label: `${current.job.reference} ${current.job.title}` } : null,
      );
  const customerChoices = withChosen(
    customers.map((c) => ({ value: c.id, label: c.name })),
    current ? { value: current.customer.id, label: current.customer.name } : null,
  );
  const staffChoices = withChosen(
    staff.filter((s) => !s.deactivatedAt).map((s) => ({ value: s.id, label: s.name })),
    current?.staff ? { value: current.staff.id, label: current.staff.name } : null,
  );
  const ends = endOf(draft);
  return (
    <Stack>
      <Select
        label="Kind"
        required
        allowDeselect={false}
        data={appointmentKinds.map((k) => ({ value: k.value, label: k.label }))}
        value={draft.kind}
        onChange={(v) => v && onChange({ ...draft, kind: v as AppointmentKind })}
        error={errors.kind}
      />
      {about ? (
        <TextInput label="Customer" readOnly value={about.customer.name} error={errors.customerId} />
      ) : (
        <Select
          label="Customer"
          required
          searchable
          allowDeselect={false}
          searchValue={search}
          onSearchChange={setSearch}
          filter={({ options }) => options}
          nothingFoundMessage="No customer by that name"
          data={customerChoices}
          value={draft.customerId}
          onChange={(v) => onChange({ ...draft, customerId: v, jobId: null })}
          error={errors.customerId}
        />
      )}
      {about?.job ? (
        <TextInput label="About" readOnly value={`${about.job.reference} ${about.job.title}`} error={errors.jobId} />
      ) : (
        <Select
          label="About a job"
          placeholder={draft.customerId ? 'None' : 'Choose the customer first'}
          clearable
          disabled={draft.customerId === null}
          data={jobChoices}
          value={draft.jobId}
          onChange={(v) => onChange({ ...draft, jobId: v })}
          error={errors.jobId}
        />
      )}
      <Select
        label="With"
        placeholder="Anyone"
        clearable
        data={staffChoices}
        value={draft.staffId}
        onChange={(v) => onChange({ ...draft, staffId: v })}
        error={errors.staffId}
      />
      {/* The start needs room for a date and a time side by side (it was cut to "?/11/2026"); on a phone the minutes go below it.
          Mantine's picker, not the browser's: that wrote the start in the browser's language ("12/12/2026, 10:00 AM"
          in a London shop), this one as the shop writes dates. */}
      <Group gap="md" align="flex-start" wrap="wrap">
        <DateTimePicker
          style={{ flex: '3 1 15rem' }}
          label="Starts"
          required
          value={pickedOf(draft.start)}
          onChange={(v) => onChange({ ...draft, start: v ? localInputOf(v) : '' })}
          valueFormat={(v) => startWritten(fmt.locale, v)}
          firstDayOfWeek={fmt.locale === 'en-US' ? 0 : 1}
          // A jeweller's Saturday is a working day: no weekend in red (red on white was also under 4.5:1).
          weekendDays={[]}
          ariaLabels={{
            monthLevelControl: 'Choose the month',
            previousMonth: 'Previous month',
            nextMonth: 'Next month',
            previousYear: 'Previous year',
            nextYear: 'Next year',
          }}
          timePickerProps={{
            format: usesTwelveHours(fmt.locale) ? '12h' : '24h',
            hoursInputLabel: 'Hour',
            minutesInputLabel: 'Minute',
            amPmInputLabel: 'AM or PM',
          }}
          submitButtonProps={{ 'aria-label': 'Done' }}
          error={errors.startsAt}
        />
        <NumberInput
          style={{ flex: '1 0 7rem' }}
          label="Minutes"
          description={ends ? `Ends at ${ends}` : undefined}
          inputWrapperOrder={['label', 'input', 'description', 'error']}
          min={5}
          max={720}
          step={15}
          value={draft.duration}
          onChange={(v) => onChange({ ...draft, duration: typeof v === 'number' ? v : Number(v) || 0 })}
          error={errors.durationMinutes}
        />
      </Group>
      <Textarea
        label="Note"
        autosize
        minRows={2}
        value={draft.note}
        onChange={(e) => onChange({ ...draft, note: e.currentTarget.value })}
        error={errors.note}
      />
      <Checkbox
        label={current ? 'Send the customer the new details now' : 'Send the customer a confirmation now'}
        description="On their usual channel, in your confirmation template"
        checked={draft.sendConfirmation}
        onChange={(e) => onChange({ ...draft, sendConfirmation: e.currentTarget.checked })}
      />
      <Checkbox
        label="Remind the customer a day before"
        checked={draft.remindCustomer}
        onChange={(e) => onChange({ ...draft, remindCustomer: e.currentTarget.checked })}
      />
    </Stack>
  );
}

/** Why a save failed, unless the fields already say (a validation problem's errors show by each field). */
export function SaveProblem({ error, title }: { error: unknown; title: string }) {
  if (!error || isProblem(error, 'validation_failed')) return null;
  return (
    <Alert color="red" title={title}>
      {isProblem(error) ? error.message : 'Try again in a moment.'}
    </Alert>
  );
}
