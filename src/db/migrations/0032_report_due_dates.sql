ALTER TABLE "report_jobs" ADD COLUMN "due_date" date;--> statement-breakpoint
-- The due date rides on each job's report row, so on-time (the shop's and the network's) reads one row per job.
CREATE OR REPLACE FUNCTION report_refresh_jobs(p_jobs uuid[]) RETURNS void LANGUAGE sql AS $$
  INSERT INTO report_stays (shop_id, entry_id, job_id, kind, stage, entered_at, left_at)
  SELECT s.shop_id, s.id, s.job_id, s.kind, s.stage, s.at, lead(s.at) OVER (PARTITION BY s.job_id ORDER BY s.seq)
  FROM job_stages s WHERE s.job_id = ANY(p_jobs)
  ON CONFLICT (shop_id, entry_id) DO UPDATE SET left_at = excluded.left_at WHERE report_stays.left_at IS DISTINCT FROM excluded.left_at;
  WITH h AS (
    SELECT s.shop_id, s.job_id, s.kind, s.stage, s.from_stage, s.at, lead(s.at) OVER (PARTITION BY s.job_id ORDER BY s.seq) AS left_at
    FROM job_stages s WHERE s.job_id = ANY(p_jobs)
  ), j AS (
    SELECT h.shop_id, h.job_id, h.kind,
      min(h.at) FILTER (WHERE h.stage = ANY(p.start_stages)) AS start_at,
      min(h.at) FILTER (WHERE h.stage = p.ready) AS ready_at,
      min(h.at) FILTER (WHERE h.stage = p.collected) AS collected_at,
      count(*) FILTER (WHERE h.stage = p.design_stage)::int AS design_entries,
      min(h.at) FILTER (WHERE h.stage = p.design_stage) AS design_first_at,
      coalesce(bool_or(h.from_stage = p.review_stage AND h.stage = ANY(p.before_review)), false) AS went_back
    FROM h JOIN report_pipelines p ON p.kind = h.kind
    GROUP BY h.shop_id, h.job_id, h.kind
  ), k AS (
    SELECT j.job_id,
      sum(extract(epoch FROM least(coalesce(h.left_at, j.ready_at), j.ready_at) - greatest(h.at, j.start_at))::float8 / 86400)
        FILTER (WHERE h.stage = p.hold AND h.at < j.ready_at AND coalesce(h.left_at, 'infinity') > j.start_at) AS hold_days,
      max(h.at) FILTER (WHERE h.stage = p.ready AND h.at <= j.collected_at) AS shelf_ready_at
    FROM j JOIN h ON h.job_id = j.job_id JOIN report_pipelines p ON p.kind = j.kind
    GROUP BY j.job_id
  )
  INSERT INTO report_jobs (shop_id, job_id, kind, start_at, ready_at, hold_days, collected_at, shelf_ready_at, design_entries, design_first_at, went_back, due_date)
  SELECT j.shop_id, j.job_id, j.kind, j.start_at, j.ready_at, coalesce(k.hold_days, 0), j.collected_at, k.shelf_ready_at, j.design_entries, j.design_first_at, j.went_back, x.due_date
  FROM j JOIN k ON k.job_id = j.job_id JOIN jobs x ON x.shop_id = j.shop_id AND x.id = j.job_id
  ON CONFLICT (shop_id, job_id) DO UPDATE SET kind = excluded.kind, start_at = excluded.start_at, ready_at = excluded.ready_at,
    hold_days = excluded.hold_days, collected_at = excluded.collected_at, shelf_ready_at = excluded.shelf_ready_at,
    design_entries = excluded.design_entries, design_first_at = excluded.design_first_at, went_back = excluded.went_back, due_date = excluded.due_date
$$;--> statement-breakpoint
CREATE OR REPLACE FUNCTION report_due_date_on_job() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  UPDATE report_jobs SET due_date = NEW.due_date WHERE shop_id = NEW.shop_id AND job_id = NEW.id;
  RETURN NULL;
END
$$;--> statement-breakpoint
CREATE TRIGGER jobs_report_due_date AFTER UPDATE OF due_date ON jobs FOR EACH ROW WHEN (OLD.due_date IS DISTINCT FROM NEW.due_date) EXECUTE FUNCTION report_due_date_on_job();--> statement-breakpoint
UPDATE report_jobs r SET due_date = j.due_date FROM jobs j WHERE j.shop_id = r.shop_id AND j.id = r.job_id AND j.due_date IS NOT NULL;--> statement-breakpoint
CREATE OR REPLACE FUNCTION report_network_benchmark(p_figure text, p_kind text, p_from timestamptz, p_to timestamptz)
RETURNS TABLE(shops integer, p25 float8, median float8, p75 float8)
LANGUAGE plpgsql STABLE SECURITY DEFINER SET search_path = public, pg_temp AS $$
DECLARE
  caller uuid := nullif(current_setting('app.tenant_id', true), '')::uuid;
  min_jobs constant integer := 5;
  min_shops constant integer := 5;
  min_age constant interval := interval '30 days';
BEGIN
  IF p_figure NOT IN ('cycle_days', 'iterations', 'design_return_share', 'ready_to_collected_days', 'on_time_rate', 'shelf_days') THEN
    RAISE EXCEPTION 'unknown benchmark figure %', p_figure USING ERRCODE = '22023';
  END IF;
  IF caller IS NULL OR NOT EXISTS (SELECT 1 FROM shops s WHERE s.id = caller AND NOT s.benchmark_opt_out) THEN
    RETURN;
  END IF;
  RETURN QUERY
  WITH eligible AS (
    SELECT s.id, s.time_zone FROM shops s
    WHERE NOT s.benchmark_opt_out
      AND (SELECT min(h.at) FROM job_stages h WHERE h.shop_id = s.id) <= p_to - min_age
  ), per_shop AS (
    SELECT r.shop_id, percentile_cont(0.5) WITHIN GROUP (ORDER BY extract(epoch FROM r.ready_at - r.start_at)::float8 / 86400 - r.hold_days) AS v, count(*) AS n
    FROM report_jobs r WHERE p_figure = 'cycle_days' AND r.kind = p_kind AND r.ready_at >= p_from AND r.ready_at < p_to AND r.start_at IS NOT NULL
    GROUP BY r.shop_id
    UNION ALL
    SELECT r.shop_id, percentile_cont(0.5) WITHIN GROUP (ORDER BY extract(epoch FROM r.collected_at - r.shelf_ready_at)::float8 / 86400), count(*)
    FROM report_jobs r WHERE p_figure = 'ready_to_collected_days' AND r.kind = p_kind AND r.collected_at >= p_from AND r.collected_at < p_to AND r.shelf_ready_at IS NOT NULL
    GROUP BY r.shop_id
    UNION ALL
    SELECT r.shop_id, CASE WHEN p_figure = 'iterations' THEN avg(r.design_entries)::float8 ELSE avg(r.went_back::int)::float8 END, count(*)
    FROM report_jobs r WHERE p_figure IN ('iterations', 'design_return_share') AND r.kind = p_kind AND r.design_first_at >= p_from AND r.design_first_at < p_to
    GROUP BY r.shop_id
    UNION ALL
    SELECT r.shop_id, avg(((r.ready_at AT TIME ZONE e.time_zone)::date <= r.due_date)::int)::float8, count(*)
    FROM report_jobs r JOIN eligible e ON e.id = r.shop_id
    WHERE p_figure = 'on_time_rate' AND r.kind = p_kind AND r.ready_at >= p_from AND r.ready_at < p_to AND r.due_date IS NOT NULL
    GROUP BY r.shop_id
    UNION ALL
    SELECT j.shop_id, percentile_cont(0.5) WITHIN GROUP (ORDER BY extract(epoch FROM p_to - j.stage_changed_at)::float8 / 86400), count(*)
    FROM jobs j JOIN report_pipelines p ON p.kind = j.kind
    WHERE p_figure = 'shelf_days' AND j.kind = p_kind AND j.stage = p.ready
    GROUP BY j.shop_id
  )
  SELECT count(*)::integer, percentile_cont(0.25) WITHIN GROUP (ORDER BY v), percentile_cont(0.5) WITHIN GROUP (ORDER BY v), percentile_cont(0.75) WITHIN GROUP (ORDER BY v)
  FROM per_shop ps JOIN eligible e ON e.id = ps.shop_id
  WHERE ps.v IS NOT NULL AND ps.n >= min_jobs
  HAVING count(*) >= min_shops;
END
$$;
