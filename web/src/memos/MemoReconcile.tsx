import { Fieldset, Radio, Stack, Text } from '@mantine/core';
import type { LinkedItem, Outcome } from './memos-api';

type Choice = Outcome | 'later';

/** In the move form: how each memo item the job uses ended, asked as the job reaches ready or collected. */
export function MemoReconcile({
  items,
  value,
  onChange,
}: {
  items: LinkedItem[];
  value: Record<string, Choice>;
  onChange: (itemId: string, o: Choice) => void;
}) {
  return (
    <Fieldset legend="Reconcile memo items" variant="filled" data-testid="memo-reconcile">
      <Stack gap="sm">
        <Text size="xs" c="dimmed">
          This job uses stones or pieces on memo. Say how each ended (sold and returned are final); leave one for later if it is not settled yet.
        </Text>
        {items.map((i) => (
          <Radio.Group
            key={i.id}
            label={i.label}
            description={`${i.memo.reference} from ${i.memo.contactName}`}
            value={value[i.id] ?? 'later'}
            onChange={(v) => onChange(i.id, v as Choice)}
          >
            <Stack gap={6} mt={6}>
              <Radio value="sold" label="Sold into the piece" />
              <Radio value="returned" label="Returned to the vendor" />
              <Radio value="later" label="Decide later" />
            </Stack>
          </Radio.Group>
        ))}
      </Stack>
    </Fieldset>
  );
}
