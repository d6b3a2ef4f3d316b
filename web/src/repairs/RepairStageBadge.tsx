import { Badge, type MantineSize } from '@mantine/core';
import type { RepairStage } from './api';
import { repairs } from './stages';

export function RepairStageBadge({ stage, size = 'md', variant = 'light' }: { stage: RepairStage; size?: MantineSize; variant?: 'light' | 'filled' }) {
  return (
    <Badge
      size={size}
      variant={variant}
      color={repairs.color[stage]}
      autoContrast={variant === 'filled'}
      c={variant === 'light' ? 'dark.8' : undefined}
      tt="none"
      styles={{ label: { overflow: 'visible' } }}
    >
      {repairs.label(stage)}
    </Badge>
  );
}
