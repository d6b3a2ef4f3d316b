import { queueCalendarSync } from './modules/calendar-sync/queue.js';
import type { SecretBox } from './modules/notifications/secret-box.js';
import { recordLinkedJobEvent } from './modules/passports/linked-jobs.js';
import type { JobHooks } from './modules/pipeline/job-hooks.js';

/** Who listens to a job's changes in its transaction: its passport (signed with the shop's key, opened by `box`) and the calendars. */
export function jobHooks(box: SecretBox): JobHooks {
  return {
    async stageEntered(tx, e) {
      await recordLinkedJobEvent(tx, box, e.store, e.shopId, e.job, e.stage, e.by, e.at);
      await queueCalendarSync(tx, e.shopId, { kind: 'job', id: e.job.id });
    },
    jobChanged: (tx, { shopId, jobId }) => queueCalendarSync(tx, shopId, { kind: 'job', id: jobId }),
  };
}
