import { ActionIcon, Button, Grid, Group, Paper, Select, Text, TextInput, Title } from '@mantine/core';
import { IconPlus, IconTrash } from '@tabler/icons-react';
import { MoneyInput } from '../../pipeline/form/MoneyInput';
import type { FieldsProps } from '../../pipeline/types';
import { estimateCents, newLine, type RepairForm } from '../repairs-form';
import { wordFor, workKinds } from './words';

const kindOptions = workKinds.map((k) => ({ value: k, label: wordFor(k) }));

/** The work asked for, a line each with its price, and the estimate they add up to. */
export function WorkLinesEditor({ value, set: setForm, errors, fmt }: FieldsProps<RepairForm>) {
  const lines = value.workLines;
  const onChange = (next: RepairForm['workLines']) => setForm('workLines', next);
  const set = (i: number, patch: Partial<RepairForm['workLines'][number]>) => onChange(lines.map((l, j) => (j === i ? { ...l, ...patch } : l)));
  return (
    <Paper p="md" component="fieldset" style={{ border: 0, margin: 0, minWidth: 0 }}>
      <Group justify="space-between" mb="xs">
        <Title order={2} size="h4" component="legend">
          Work requested
        </Title>
      </Group>
      {errors.workLines && (
        <Text c="red" size="sm" mb="xs" role="alert">
          {errors.workLines}
        </Text>
      )}
      {lines.map((line, i) => (
        <Grid key={line.key} gap="sm" align="flex-end" mb="xs" data-testid="work-line">
          <Grid.Col span={{ base: 12, sm: 4 }}>
            <Select
              label={`Work, line ${i + 1}`}
              placeholder="Choose"
              data={kindOptions}
              value={line.kind}
              error={errors[`workLines.${i}.kind`]}
              onChange={(v) => set(i, { kind: workKinds.find((k) => k === v) ?? null })}
            />
          </Grid.Col>
          <Grid.Col span={{ base: 12, sm: 5 }}>
            <TextInput
              label={`Details, line ${i + 1}`}
              placeholder="e.g. size N to P"
              value={line.description}
              error={errors[`workLines.${i}.description`]}
              onChange={(e) => set(i, { description: e.currentTarget.value })}
            />
          </Grid.Col>
          <Grid.Col span={{ base: 9, sm: 2 }}>
            <MoneyInput
              label={`Price, line ${i + 1}`}
              fmt={fmt}
              value={line.price}
              error={errors[`workLines.${i}.priceCents`]}
              onChange={(v) => set(i, { price: v })}
            />
          </Grid.Col>
          <Grid.Col span={{ base: 3, sm: 1 }}>
            <ActionIcon
              variant="subtle"
              color="red"
              size="lg"
              mb={errors[`workLines.${i}.priceCents`] || errors[`workLines.${i}.kind`] ? 24 : 2}
              disabled={lines.length === 1}
              aria-label={`Remove line ${i + 1}`}
              onClick={() => onChange(lines.filter((_, j) => j !== i))}
            >
              <IconTrash size={18} aria-hidden />
            </ActionIcon>
          </Grid.Col>
        </Grid>
      ))}
      <Group justify="space-between" mt="sm">
        <Button
          variant="light"
          size="xs"
          leftSection={<IconPlus size={14} aria-hidden />}
          onClick={() => onChange([...lines, newLine()])}
          disabled={lines.length >= 30}
        >
          Add a line
        </Button>
        <Text size="sm" aria-live="polite" data-testid="running-estimate">
          Estimate <b>{fmt.money(estimateCents(value, fmt))}</b>
        </Text>
      </Group>
    </Paper>
  );
}
