import { Badge, Group, Paper, Text, Timeline, Title } from '@mantine/core';
import type { StageEntry } from '../../api/types';
import type { ShopFormat } from '../../format/shop-format';
import type { PipelineVocab } from '../vocab';

/** Every stage the job entered, who moved it, when (in the shop's zone), and why. */
export function HistoryTimeline<S extends string>({ vocab, entries, fmt }: { vocab: PipelineVocab<S>; entries: StageEntry[]; fmt: ShopFormat }) {
  const label = vocab.labelOf;
  const newestFirst = [...entries].reverse();
  return (
    <Paper p="md">
      <Title order={2} size="h4" mb="md">
        History
      </Title>
      <Timeline active={0} bulletSize={16} lineWidth={2} aria-label="Stage history">
        {newestFirst.map((e) => {
          const from = vocab.parse(e.fromStage);
          const to = vocab.parse(e.stage);
          const rework = from && to && vocab.isBackward(from, to);
          return (
            <Timeline.Item
              key={e.id}
              title={
                <Group gap={6}>
                  <Text fw={600} size="sm">
                    {e.fromStage ? `${label(e.fromStage)} → ${label(e.stage)}` : `Entered ${label(e.stage)}`}
                  </Text>
                  {rework && (
                    <Badge size="xs" color="var(--loupe-warning)" variant="outline">
                      Rework
                    </Badge>
                  )}
                </Group>
              }
              data-testid="history-row"
            >
              <Text size="xs" c="dimmed">
                {e.actorLabel ?? e.actor?.name ?? 'Loupe'} · <time dateTime={e.at}>{fmt.dateTime(e.at)}</time>
              </Text>
              {e.note && (
                <Text size="sm" mt={4} fs="italic">
                  “{e.note}”
                </Text>
              )}
            </Timeline.Item>
          );
        })}
      </Timeline>
    </Paper>
  );
}
