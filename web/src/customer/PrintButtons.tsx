import { Button, Group } from '@mantine/core';
import { IconPrinter, IconTag } from '@tabler/icons-react';

/** The A5 take-in slip for the customer and the bench envelope label, as PDFs in a new tab. */
export function PrintButtons({ kind, jobId }: { kind: string; jobId: string }) {
  const base = `/api/v1/${kind}/${encodeURIComponent(jobId)}`;
  return (
    <Group gap="xs">
      <Button
        component="a"
        href={`${base}/slip.pdf`}
        target="_blank"
        rel="noreferrer"
        size="xs"
        variant="default"
        leftSection={<IconPrinter size={14} aria-hidden />}
      >
        Print take-in slip
      </Button>
      <Button
        component="a"
        href={`${base}/envelope.pdf`}
        target="_blank"
        rel="noreferrer"
        size="xs"
        variant="default"
        leftSection={<IconTag size={14} aria-hidden />}
      >
        Print envelope
      </Button>
    </Group>
  );
}
