import { Paper, Stack, Title } from '@mantine/core';
import { bespokeThread } from '../api/mutations';
import { keys } from '../api/queries';
import type { JobDetail } from '../api/types';
import type { ShopFormat } from '../format/shop-format';
import { DesignReviews } from './DesignReviews';
import { MessageThread } from './MessageThread';
import { PrintButtons } from './PrintButtons';
import { SendRenders } from './SendRenders';

/** What the customer has in hand and says: the printed slip, their messages, their design decisions. */
export function BespokeCustomerPanel({ job, fmt }: { job: JobDetail; fmt: ShopFormat }) {
  return (
    <Stack gap="md">
      <Paper p="md">
        <Title order={2} size="h4" mb="sm">
          Print
        </Title>
        <PrintButtons kind="bespoke" jobId={job.id} />
      </Paper>
      <SendRenders job={job} />
      <MessageThread source={{ jobKey: keys.job(job.id), ...bespokeThread(job.id) }} customerName={job.customer.name} fmt={fmt} />
      <DesignReviews job={job} fmt={fmt} />
    </Stack>
  );
}
