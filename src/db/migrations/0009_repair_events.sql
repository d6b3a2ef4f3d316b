-- Repair jobs, and money and comments recorded against them, announce their changes like bespoke jobs do.
CREATE TRIGGER repair_jobs_announce AFTER INSERT OR UPDATE ON repair_jobs
  FOR EACH ROW EXECUTE FUNCTION loupe_announce_job('repair', 'id');--> statement-breakpoint
CREATE TRIGGER payments_announce_repair AFTER INSERT ON payments
  FOR EACH ROW EXECUTE FUNCTION loupe_announce_job('repair', 'repair_job_id');--> statement-breakpoint
CREATE TRIGGER comments_announce_repair AFTER INSERT ON comments
  FOR EACH ROW EXECUTE FUNCTION loupe_announce_job('repair', 'repair_job_id');
