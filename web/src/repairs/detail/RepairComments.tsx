import { useQueryClient } from '@tanstack/react-query';
import { CommentStream } from '../../bespoke/detail/CommentStream';
import type { ShopFormat } from '../../format/shop-format';
import { addRepairComment, type RepairDetail, repairKeys } from '../api';

/** The repair page's comments: the shared stream, posting to the repair. */
export function RepairComments({ job, fmt }: { job: RepairDetail; fmt: ShopFormat }) {
  const queryClient = useQueryClient();
  return (
    <CommentStream
      comments={job.comments}
      fmt={fmt}
      post={(body) => addRepairComment(job.id, body)}
      onPosted={(c) => queryClient.setQueryData<RepairDetail>(repairKeys.one(job.id), (d) => (d ? { ...d, comments: [...d.comments, c] } : d))}
      emptyHint="No comments yet. Record what the bench found, or what the customer said on the phone."
    />
  );
}
