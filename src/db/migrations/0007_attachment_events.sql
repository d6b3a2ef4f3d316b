-- A photo added, edited or removed changes what a job's card and page show: announce it on the
-- `loupe_jobs` channel like any other change to the job (0003), deletions included.
CREATE OR REPLACE FUNCTION loupe_announce_job_of_deleted() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  job_id uuid;
BEGIN
  job_id := (to_jsonb(OLD) ->> TG_ARGV[1])::uuid;
  IF job_id IS NOT NULL THEN
    PERFORM pg_notify('loupe_jobs', json_build_object('shopId', OLD.shop_id, 'kind', TG_ARGV[0], 'id', job_id)::text);
  END IF;
  RETURN OLD;
END
$$;--> statement-breakpoint
CREATE TRIGGER attachments_announce_bespoke AFTER INSERT OR UPDATE ON attachments
  FOR EACH ROW EXECUTE FUNCTION loupe_announce_job('bespoke', 'bespoke_job_id');--> statement-breakpoint
CREATE TRIGGER attachments_announce_bespoke_deleted AFTER DELETE ON attachments
  FOR EACH ROW EXECUTE FUNCTION loupe_announce_job_of_deleted('bespoke', 'bespoke_job_id');
