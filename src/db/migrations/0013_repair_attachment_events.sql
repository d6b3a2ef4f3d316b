-- Photos on repairs announce their changes like photos on bespoke jobs (0007).
CREATE TRIGGER attachments_announce_repair AFTER INSERT OR UPDATE ON attachments
  FOR EACH ROW EXECUTE FUNCTION loupe_announce_job('repair', 'repair_job_id');--> statement-breakpoint
CREATE TRIGGER attachments_announce_repair_deleted AFTER DELETE ON attachments
  FOR EACH ROW EXECUTE FUNCTION loupe_announce_job_of_deleted('repair', 'repair_job_id');
