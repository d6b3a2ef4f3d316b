import { ActionIcon, Button, Group, NumberInput, Paper, SimpleGrid, Stack, Text, TextInput, Title } from '@mantine/core';
import { IconPlus, IconTrash } from '@tabler/icons-react';
import type { FieldsProps } from '../../pipeline/types';
import { type AppraisalForm, newStone, type StoneValue } from '../appraisals-form';

const textFields: [keyof StoneValue & string, string, string][] = [
  ['shape', 'Shape', 'round brilliant'],
  ['colour', 'Colour', 'G'],
  ['clarity', 'Clarity', 'VS1'],
  ['measurements', 'Measurements', '6.45 × 6.48 × 3.98 mm'],
  ['certificateLab', 'Certificate lab', 'GIA'],
  ['certificateNumber', 'Certificate number', '2141438167'],
];

/** The stones of the piece, one block each, as the report lists them. */
export function StonesEditor({ value, set, errors }: FieldsProps<AppraisalForm>) {
  const update = (i: number, patch: Partial<StoneValue>) =>
    set(
      'stones',
      value.stones.map((s, j) => (j === i ? { ...s, ...patch } : s)),
    );
  return (
    <Paper p="md">
      <Stack gap="sm">
        <Group justify="space-between">
          <Title order={2} size="h4">
            Stones
          </Title>
          <Button variant="light" size="xs" leftSection={<IconPlus size={14} aria-hidden />} onClick={() => set('stones', [...value.stones, newStone()])}>
            Add stone
          </Button>
        </Group>
        {value.stones.length === 0 && (
          <Text size="sm" c="dimmed">
            No stones: a plain metal piece.
          </Text>
        )}
        {value.stones.map((s, i) => (
          <Paper key={s.key} withBorder p="sm" radius="md" role="group" aria-label={`Stone ${i + 1}`}>
            <Group justify="space-between" mb="xs">
              <Text fw={600} size="sm">
                Stone {i + 1}
              </Text>
              <ActionIcon
                variant="subtle"
                color="red"
                aria-label={`Remove stone ${i + 1}`}
                onClick={() =>
                  set(
                    'stones',
                    value.stones.filter((_, j) => j !== i),
                  )
                }
              >
                <IconTrash size={16} aria-hidden />
              </ActionIcon>
            </Group>
            <SimpleGrid cols={{ base: 1, xs: 2, md: 4 }}>
              <TextInput
                label="Kind"
                required
                placeholder="Diamond"
                value={s.kind}
                error={errors[`stones.${i}.kind`]}
                onChange={(e) => update(i, { kind: e.currentTarget.value })}
              />
              <NumberInput
                label="Carat"
                min={0}
                decimalScale={3}
                value={s.carat}
                error={errors[`stones.${i}.carat`]}
                onChange={(v) => update(i, { carat: typeof v === 'number' ? v : '' })}
              />
              {textFields.map(([key, label, placeholder]) => (
                <TextInput
                  key={key}
                  label={label}
                  placeholder={placeholder}
                  value={String(s[key])}
                  error={errors[`stones.${i}.${key}`]}
                  onChange={(e) => update(i, { [key]: e.currentTarget.value })}
                />
              ))}
            </SimpleGrid>
          </Paper>
        ))}
      </Stack>
    </Paper>
  );
}
