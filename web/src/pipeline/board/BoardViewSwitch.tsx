import { Group, SegmentedControl } from '@mantine/core';
import { IconColumns3, IconLayoutList, IconTimeline } from '@tabler/icons-react';
import { type BoardView, boardViews } from './use-board-view';

const viewLabels: Record<BoardView, { label: string; icon: typeof IconColumns3 }> = {
  kanban: { label: 'Kanban', icon: IconColumns3 },
  list: { label: 'List', icon: IconLayoutList },
  pipeline: { label: 'Pipeline', icon: IconTimeline },
};

/** Kanban, List or Pipeline: the same three views of every pipeline's board. */
export function BoardViewSwitch({ value, onChange }: { value: BoardView; onChange: (v: BoardView) => void }) {
  return (
    <SegmentedControl
      aria-label="View"
      value={value}
      onChange={(v) => onChange(boardViews.find((b) => b === v) ?? 'kanban')}
      data={boardViews.map((v) => {
        const { label, icon: Icon } = viewLabels[v];
        return {
          value: v,
          label: (
            <Group gap={6} wrap="nowrap">
              <Icon size={16} aria-hidden />
              <span>{label}</span>
            </Group>
          ),
        };
      })}
    />
  );
}
