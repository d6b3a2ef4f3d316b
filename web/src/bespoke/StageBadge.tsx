import { Badge, type MantineSize } from '@mantine/core';
import type { Stage } from '../api/types';
import { stageColor, stageLabel } from './stages';

/** A stage name as a badge; tinted badges get dark text so every stage reads at 4.5:1. */
export function StageBadge({ stage, size = 'md', variant = 'light' }: { stage: Stage; size?: MantineSize; variant?: 'light' | 'filled' }) {
  return (
    <Badge
      size={size}
      variant={variant}
      // Filled badges take the darkest shade: Mantine's default shade of cyan under white text reads at 4.3:1.
      color={variant === 'filled' ? `${stageColor[stage]}.9` : stageColor[stage]}
      autoContrast={variant === 'filled'}
      c={variant === 'light' ? 'dark.8' : undefined}
      tt="none"
      styles={{ label: { overflow: 'visible' } }}
    >
      {stageLabel(stage)}
    </Badge>
  );
}
