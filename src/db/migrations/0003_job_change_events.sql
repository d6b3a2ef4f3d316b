-- Every change to a job (its row, or money recorded against it) is announced on the `loupe_jobs`
-- channel when its transaction commits, so every open board of that shop can refresh the job.
CREATE OR REPLACE FUNCTION loupe_announce_job() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  job_id uuid;
BEGIN
  job_id := CASE WHEN TG_ARGV[1] = 'id' THEN NEW.id ELSE (to_jsonb(NEW) ->> TG_ARGV[1])::uuid END;
  IF job_id IS NOT NULL THEN
    PERFORM pg_notify('loupe_jobs', json_build_object('shopId', NEW.shop_id, 'kind', TG_ARGV[0], 'id', job_id)::text);
  END IF;
  RETURN NEW;
END
$$;--> statement-breakpoint
CREATE TRIGGER bespoke_jobs_announce AFTER INSERT OR UPDATE ON bespoke_jobs
  FOR EACH ROW EXECUTE FUNCTION loupe_announce_job('bespoke', 'id');--> statement-breakpoint
CREATE TRIGGER payments_announce_bespoke AFTER INSERT ON payments
  FOR EACH ROW EXECUTE FUNCTION loupe_announce_job('bespoke', 'bespoke_job_id');--> statement-breakpoint
CREATE TRIGGER comments_announce_bespoke AFTER INSERT ON comments
  FOR EACH ROW EXECUTE FUNCTION loupe_announce_job('bespoke', 'bespoke_job_id');
