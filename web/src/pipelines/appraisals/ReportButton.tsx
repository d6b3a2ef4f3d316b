import { Button, Paper, Stack, Text } from '@mantine/core';
import { IconPrinter } from '@tabler/icons-react';
import type { AppraisalDetail } from './words';

/** The report for the customer's insurer, ready to print once the piece is valued. */
export function ReportButton({ job }: { job: AppraisalDetail }) {
  return (
    <Paper p="md">
      <Stack gap="xs">
        <Button component="a" href={`/api/v1/appraisals/${job.id}/report.pdf`} target="_blank" leftSection={<IconPrinter size={16} aria-hidden />}>
          Print appraisal report
        </Button>
        {job.replacementValueCents === null && (
          <Text size="xs" c="dimmed">
            No value recorded yet: the report will say so.
          </Text>
        )}
      </Stack>
    </Paper>
  );
}
