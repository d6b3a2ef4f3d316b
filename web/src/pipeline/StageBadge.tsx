import { Badge, type MantineSize } from '@mantine/core';
import type { PipelineVocab } from './vocab';

interface Props<S extends string> {
  vocab: Pick<PipelineVocab<S>, 'color' | 'label'>;
  stage: S;
  size?: MantineSize;
  variant?: 'light' | 'filled';
}

/** A stage name as a badge; tinted badges get dark text so every stage reads at 4.5:1. */
export function StageBadge<S extends string>({ vocab, stage, size = 'md', variant = 'light' }: Props<S>) {
  return (
    <Badge
      size={size}
      variant={variant}
      // Filled badges take the darkest shade: Mantine's default shade of cyan under white text reads at 4.3:1.
      color={variant === 'filled' ? `${vocab.color[stage]}.9` : vocab.color[stage]}
      autoContrast={variant === 'filled'}
      c={variant === 'light' ? 'dark.8' : undefined}
      tt="none"
      styles={{ label: { overflow: 'visible' } }}
    >
      {vocab.label(stage)}
    </Badge>
  );
}
