import { Grid, Select } from '@mantine/core';
import { pieceName } from '../../../../src/domain/pieces';

/** "What is it?": the piece a job is about, from the types its pipeline takes in. */
export function PieceSelect<T extends string>({
  types,
  value,
  error,
  onChange,
}: {
  types: readonly T[];
  value: T | null;
  error?: string | undefined;
  onChange: (type: T | null) => void;
}) {
  return (
    <Grid.Col span={{ base: 6, md: 3 }}>
      <Select
        label="Item"
        placeholder="Choose"
        required
        data={types.map((t) => ({ value: t, label: pieceName(t) }))}
        value={value}
        error={error}
        onChange={(v) => onChange(types.find((t) => t === v) ?? null)}
      />
    </Grid.Col>
  );
}
