import { useQueryClient } from '@tanstack/react-query';
import { keys } from '../api/queries';
import type { JobDetail } from '../api/types';
import { allStages, stageLabel } from '../bespoke/stages';
import type { ShopFormat } from '../format/shop-format';
import { JobPhotos } from './JobPhotos';

const stages = allStages.map((s) => ({ value: s, label: stageLabel(s) }));

/** The photo strip of a bespoke job, with upload, captions, visibility and delete. */
export function BespokePhotos({ job, fmt }: { job: JobDetail; fmt: ShopFormat }) {
  const queryClient = useQueryClient();
  return (
    <JobPhotos
      kind="bespoke"
      jobId={job.id}
      reference={job.reference}
      attachments={job.attachments}
      stages={stages}
      currentStage={job.stage}
      fmt={fmt}
      onChanged={() => Promise.all([queryClient.invalidateQueries({ queryKey: keys.job(job.id) }), queryClient.invalidateQueries({ queryKey: keys.jobs })])}
    />
  );
}
