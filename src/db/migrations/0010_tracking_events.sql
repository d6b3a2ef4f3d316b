-- A customer's design decision or message changes what staff see on the job (its timeline, the
-- unread badge): announce it on `loupe_jobs` like any other change to the job (0003), even when
-- the job row itself does not change (an approval that does not move the job on).
CREATE TRIGGER design_reviews_announce_bespoke AFTER INSERT ON design_reviews
  FOR EACH ROW EXECUTE FUNCTION loupe_announce_job('bespoke', 'bespoke_job_id');--> statement-breakpoint
CREATE TRIGGER job_messages_announce_bespoke AFTER INSERT OR UPDATE ON job_messages
  FOR EACH ROW EXECUTE FUNCTION loupe_announce_job('bespoke', 'bespoke_job_id');
