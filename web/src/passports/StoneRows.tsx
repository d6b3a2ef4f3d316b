import { ActionIcon, Button, Group, NumberInput, Paper, SimpleGrid, Stack, Text, TextInput } from '@mantine/core';
import { IconPlus, IconTrash } from '@tabler/icons-react';
import type { StoneBody } from './api';

/** One stone as the form holds it: text as typed, the carat empty until given, and a key for React. */
export interface StoneRow {
  key: string;
  kind: string;
  shape: string;
  carat: number | '';
  colour: string;
  clarity: string;
  certificateLab: string;
  certificateNumber: string;
  inscription: string;
}

type TextKey = Exclude<keyof StoneRow, 'key' | 'carat'>;

let made = 0;
export const blankStone = (): StoneRow => ({
  key: `stone-${made++}`,
  kind: '',
  shape: '',
  carat: '',
  colour: '',
  clarity: '',
  certificateLab: '',
  certificateNumber: '',
  inscription: '',
});

const orNull = (s: string) => s.trim() || null;

/** The rows as the API takes them: blanks are nulls. */
export const stonesBody = (rows: readonly StoneRow[]): StoneBody[] =>
  rows.map((r) => ({
    kind: r.kind.trim(),
    shape: orNull(r.shape),
    carat: r.carat === '' ? null : r.carat,
    colour: orNull(r.colour),
    clarity: orNull(r.clarity),
    certificateLab: orNull(r.certificateLab),
    certificateNumber: orNull(r.certificateNumber),
    inscription: orNull(r.inscription),
  }));

const texts: [TextKey, string, string][] = [
  ['shape', 'Shape', 'Emerald cut'],
  ['colour', 'Colour', 'Vivid green'],
  ['clarity', 'Clarity', 'VS1'],
  ['certificateLab', 'Certificate lab', 'GIA'],
  ['certificateNumber', 'Certificate number', '2141438167'],
  ['inscription', 'Inscription', 'Girdle laser inscription'],
];

/** A passport's stones, one row each, added and removed in place; field errors by `stones.<i>.<field>`. */
export function StoneRows({ rows, onChange, errors }: { rows: StoneRow[]; onChange: (rows: StoneRow[]) => void; errors: Record<string, string> }) {
  const edit = (i: number, patch: Partial<StoneRow>) => onChange(rows.map((r, j) => (j === i ? { ...r, ...patch } : r)));
  return (
    <Stack gap="xs" role="group" aria-label="Stones">
      <Group justify="space-between">
        <Text size="sm" fw={500}>
          Stones
        </Text>
        <Button variant="light" size="xs" leftSection={<IconPlus size={14} aria-hidden />} onClick={() => onChange([...rows, blankStone()])}>
          Add stone
        </Button>
      </Group>
      {rows.length === 0 && (
        <Text size="sm" c="dimmed">
          None recorded.
        </Text>
      )}
      {rows.map((r, i) => (
        <Paper key={r.key} withBorder p="sm" radius="md" role="group" aria-label={`Stone ${i + 1}`}>
          <Group justify="space-between" mb={4}>
            <Text size="sm" fw={600}>
              Stone {i + 1}
            </Text>
            <ActionIcon variant="subtle" color="red" aria-label={`Remove stone ${i + 1}`} onClick={() => onChange(rows.filter((_, j) => j !== i))}>
              <IconTrash size={16} aria-hidden />
            </ActionIcon>
          </Group>
          <SimpleGrid cols={{ base: 2, sm: 4 }} spacing="xs">
            <TextInput
              label="Kind"
              required
              placeholder="Emerald"
              value={r.kind}
              error={errors[`stones.${i}.kind`]}
              onChange={(e) => edit(i, { kind: e.currentTarget.value })}
            />
            <NumberInput
              label="Carat"
              min={0}
              decimalScale={3}
              value={r.carat}
              error={errors[`stones.${i}.carat`]}
              onChange={(v) => edit(i, { carat: typeof v === 'number' ? v : '' })}
            />
            {texts.map(([k, label, placeholder]) => (
              <TextInput
                key={k}
                label={label}
                placeholder={placeholder}
                value={r[k]}
                error={errors[`stones.${i}.${k}`]}
                onChange={(e) => edit(i, { [k]: e.currentTarget.value })}
              />
            ))}
          </SimpleGrid>
        </Paper>
      ))}
    </Stack>
  );
}
