import { Button, Grid, Group, NumberInput, Paper, Stack, Textarea, TextInput } from '@mantine/core';
import { DateInput } from '@mantine/dates';
import type { FormEvent, ReactNode } from 'react';
import type { ShopFormat } from '../../format/shop-format';
import { CustomerPicker } from './CustomerPicker';
import type { JobFormValues } from './job-form-values';

interface Props {
  value: JobFormValues;
  onChange: (v: JobFormValues) => void;
  errors: Record<string, string>;
  onSubmit: () => void;
  submitting: boolean;
  submitLabel: string;
  fmt: ShopFormat;
  extraActions?: ReactNode;
  /** The counter's short form: the essentials first, the rest below. */
  compact?: boolean;
}

export function JobForm({ value, onChange, errors, onSubmit, submitting, submitLabel, fmt, extraActions, compact }: Props) {
  const set = <K extends keyof JobFormValues>(key: K, v: JobFormValues[K]) => onChange({ ...value, [key]: v });
  const money = (key: 'quoted' | 'final' | 'budget', label: string, error: string | undefined) => (
    <NumberInput
      label={label}
      leftSection={fmt.currencySymbol}
      decimalScale={fmt.fractionDigits}
      fixedDecimalScale
      thousandSeparator=","
      min={0}
      hideControls
      value={value[key]}
      error={error}
      onChange={(v) => set(key, typeof v === 'number' ? v : v === '' ? '' : Number(v))}
    />
  );
  const submit = (e: FormEvent) => {
    e.preventDefault();
    onSubmit();
  };
  return (
    <form onSubmit={submit} noValidate>
      <Stack gap="md">
        <Paper p="md">
          <Grid gap="md">
            <Grid.Col span={{ base: 12, md: 6 }}>
              <CustomerPicker value={value.customer} onChange={(c) => set('customer', c)} error={errors.customerId} />
            </Grid.Col>
            <Grid.Col span={{ base: 12, md: 6 }}>
              <TextInput
                label="Title"
                placeholder="e.g. Oval sapphire engagement ring"
                required
                value={value.title}
                error={errors.title}
                onChange={(e) => set('title', e.currentTarget.value)}
              />
            </Grid.Col>
            <Grid.Col span={{ base: 6, md: 3 }}>
              <TextInput
                label="Jewellery type"
                placeholder="ring, pendant…"
                value={value.jewelleryType}
                error={errors.jewelleryType}
                onChange={(e) => set('jewelleryType', e.currentTarget.value)}
              />
            </Grid.Col>
            <Grid.Col span={{ base: 6, md: 3 }}>
              <DateInput
                label="Due date"
                placeholder="Pick a date"
                valueFormat={fmt.locale === 'en-US' ? 'MMM D, YYYY' : 'D MMM YYYY'}
                clearable
                value={value.dueDate}
                error={errors.dueDate}
                onChange={(d) => set('dueDate', d)}
              />
            </Grid.Col>
            <Grid.Col span={{ base: 6, md: 3 }}>{money('quoted', 'Quoted price', errors.quotedCents)}</Grid.Col>
            <Grid.Col span={{ base: 6, md: 3 }}>{money('budget', 'Customer budget', errors.budgetCents)}</Grid.Col>
            <Grid.Col span={12}>
              <Textarea
                label="Description"
                placeholder="The brief in the customer's words"
                autosize
                minRows={compact ? 2 : 3}
                value={value.description}
                error={errors.description}
                onChange={(e) => set('description', e.currentTarget.value)}
              />
            </Grid.Col>
          </Grid>
        </Paper>
        <Paper p="md">
          <Grid gap="md">
            <Grid.Col span={{ base: 6, md: 4 }}>
              <TextInput
                label="Metal"
                placeholder="18ct white gold"
                value={value.metal}
                error={errors.metal}
                onChange={(e) => set('metal', e.currentTarget.value)}
              />
            </Grid.Col>
            <Grid.Col span={{ base: 6, md: 4 }}>
              <TextInput
                label="Stones"
                placeholder="1.2ct oval sapphire"
                value={value.stones}
                error={errors.stones}
                onChange={(e) => set('stones', e.currentTarget.value)}
              />
            </Grid.Col>
            <Grid.Col span={{ base: 6, md: 4 }}>{money('final', 'Final price', errors.finalCents)}</Grid.Col>
            <Grid.Col span={12}>
              <Textarea
                label="Internal notes"
                description="Staff only; never shown to the customer"
                autosize
                minRows={2}
                value={value.notes}
                error={errors.notes}
                onChange={(e) => set('notes', e.currentTarget.value)}
              />
            </Grid.Col>
          </Grid>
        </Paper>
        <Group justify="flex-end">
          {extraActions}
          <Button type="submit" loading={submitting}>
            {submitLabel}
          </Button>
        </Group>
      </Stack>
    </form>
  );
}
