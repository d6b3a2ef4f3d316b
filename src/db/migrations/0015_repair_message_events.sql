-- A customer's message on a repair, or staff reading or answering it, changes what staff see on the
-- repair (its thread, the unread badge): announce it like messages on bespoke jobs (0010).
CREATE TRIGGER job_messages_announce_repair AFTER INSERT OR UPDATE ON job_messages
  FOR EACH ROW EXECUTE FUNCTION loupe_announce_job('repair', 'repair_job_id');
