import { useQueryClient } from '@tanstack/react-query';
import { keys } from '../api/queries';
import type { JobDetail } from '../api/types';
import type { ShopFormat } from '../format/shop-format';
import { DeliveryLog } from './DeliveryLog';

export function BespokeDelivery({ job, fmt }: { job: JobDetail; fmt: ShopFormat }) {
  const queryClient = useQueryClient();
  return (
    <DeliveryLog
      resend={{ jobId: job.id }}
      deliveries={job.notifications}
      customer={job.customer}
      fmt={fmt}
      onChanged={() => queryClient.invalidateQueries({ queryKey: keys.job(job.id) })}
    />
  );
}
