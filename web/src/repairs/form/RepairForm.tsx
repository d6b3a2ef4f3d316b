import { Button, Checkbox, FileInput, Grid, Group, NumberInput, Paper, Select, Stack, Textarea, TextInput } from '@mantine/core';
import { DateInput } from '@mantine/dates';
import { IconCamera } from '@tabler/icons-react';
import type { FormEvent, ReactNode } from 'react';
import { CustomerPicker } from '../../bespoke/form/CustomerPicker';
import type { ShopFormat } from '../../format/shop-format';
import { itemTypes, wordFor } from '../stages';
import type { RepairFormValues } from './repair-form-values';
import { WorkLinesEditor } from './WorkLinesEditor';

interface Props {
  value: RepairFormValues;
  onChange: (v: RepairFormValues) => void;
  errors: Record<string, string>;
  onSubmit: () => void;
  submitting: boolean;
  submitLabel: string;
  fmt: ShopFormat;
  extraActions?: ReactNode;
  /** Taking a repair in: the deposit paid now and photos of the piece as it came in. */
  intake?: { photos: File[]; onPhotos: (files: File[]) => void };
}

/** One repair's fields: who, what piece, the work and its prices, its state on arrival, when, and money. */
export function RepairForm({ value, onChange, errors, onSubmit, submitting, submitLabel, fmt, extraActions, intake }: Props) {
  const set = <K extends keyof RepairFormValues>(key: K, v: RepairFormValues[K]) => onChange({ ...value, [key]: v });
  const money = (key: 'declaredValue' | 'final' | 'deposit', label: string, error: string | undefined, description?: string) => (
    <NumberInput
      label={label}
      description={description}
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
            <Grid.Col span={{ base: 6, md: 3 }}>
              <Select
                label="Item"
                placeholder="Choose"
                required
                data={itemTypes.map((t) => ({ value: t, label: wordFor(t) }))}
                value={value.itemType}
                error={errors.itemType}
                onChange={(v) => set('itemType', itemTypes.find((t) => t === v) ?? null)}
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
            <Grid.Col span={{ base: 12, md: 6 }}>
              <TextInput
                label="Title"
                description="Left blank, Loupe names it from the item and the work"
                placeholder="e.g. Resize wedding band"
                value={value.title}
                error={errors.title}
                onChange={(e) => set('title', e.currentTarget.value)}
              />
            </Grid.Col>
            <Grid.Col span={{ base: 12, md: 6 }}>
              <Textarea
                label="Description"
                placeholder="The piece: metal, stones, hallmarks"
                autosize
                minRows={2}
                value={value.description}
                error={errors.description}
                onChange={(e) => set('description', e.currentTarget.value)}
              />
            </Grid.Col>
          </Grid>
        </Paper>
        <WorkLinesEditor value={value} onChange={(lines) => set('workLines', lines)} errors={errors} fmt={fmt} />
        <Paper p="md">
          <Grid gap="md">
            <Grid.Col span={12}>
              <Textarea
                label="Condition at intake"
                description="Existing scratches, missing stones, stamps: what the customer agreed it was like when it came in"
                autosize
                minRows={2}
                value={value.conditionNotes}
                error={errors.conditionNotes}
                onChange={(e) => set('conditionNotes', e.currentTarget.value)}
              />
            </Grid.Col>
            <Grid.Col span={{ base: 6, md: 3 }}>{money('declaredValue', 'Declared value', errors.declaredValueCents)}</Grid.Col>
            <Grid.Col span={{ base: 6, md: 3 }}>{money('final', 'Final price', errors.finalCents)}</Grid.Col>
            {intake && <Grid.Col span={{ base: 6, md: 3 }}>{money('deposit', 'Deposit taken now', errors.deposit)}</Grid.Col>}
            <Grid.Col span={{ base: 6, md: 3 }} style={{ display: 'flex', alignItems: 'flex-end' }}>
              <Checkbox
                label="Rush"
                description="Goes to the top of its column"
                checked={value.rush}
                onChange={(e) => set('rush', e.currentTarget.checked)}
                mb={6}
              />
            </Grid.Col>
            {intake && (
              <Grid.Col span={12}>
                <FileInput
                  label="Photos of the piece as it came in"
                  description="On a tablet this opens the camera"
                  placeholder="Take or choose photos"
                  multiple
                  clearable
                  clearButtonProps={{ 'aria-label': 'Remove the chosen photos' }}
                  accept="image/*,application/pdf"
                  capture="environment"
                  leftSection={<IconCamera size={16} aria-hidden />}
                  value={intake.photos}
                  error={errors.photos}
                  onChange={(files) => intake.onPhotos(files)}
                />
              </Grid.Col>
            )}
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
