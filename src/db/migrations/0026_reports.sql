ALTER TABLE "shops" ADD COLUMN "benchmark_opt_out" boolean DEFAULT false NOT NULL;--> statement-breakpoint
CREATE INDEX "job_stages_shop_at_idx" ON "job_stages" USING btree ("shop_id","at");--> statement-breakpoint
CREATE INDEX "payments_shop_created_idx" ON "payments" USING btree ("shop_id","created_at");--> statement-breakpoint
-- hand-written below
-- The reports' time-to-ready, one row per job of one shop and pipeline whose first entry into the
-- ready stage falls in [p_from, p_to): the clock starts at the first entry into any of p_start (the
-- start stage and every main-line stage after it, so a skipped start still starts), and time in
-- p_hold between start and ready is counted apart. SECURITY INVOKER: in a tenant transaction,
-- row-level security admits that shop's rows only.
CREATE OR REPLACE FUNCTION report_cycle_jobs(p_shop uuid, p_kind text, p_start text[], p_ready text, p_hold text, p_from timestamptz, p_to timestamptz)
RETURNS TABLE(job_id uuid, start_at timestamptz, ready_at timestamptz, total_days float8, hold_days float8)
LANGUAGE sql STABLE AS $$
  WITH candidates AS (
    SELECT DISTINCT r.job_id FROM job_stages r
    WHERE r.shop_id = p_shop AND r.kind = p_kind AND r.stage = p_ready AND r.at >= p_from AND r.at < p_to
  ), h AS (
    SELECT s.job_id, s.stage, s.at, lead(s.at) OVER (PARTITION BY s.job_id ORDER BY s.seq) AS left_at
    FROM job_stages s JOIN candidates c ON c.job_id = s.job_id
    WHERE s.shop_id = p_shop
  ), j AS (
    SELECT h.job_id, min(h.at) FILTER (WHERE h.stage = ANY(p_start)) AS start_at, min(h.at) FILTER (WHERE h.stage = p_ready) AS ready_at
    FROM h GROUP BY h.job_id
  )
  SELECT j.job_id, j.start_at, j.ready_at,
    extract(epoch FROM j.ready_at - j.start_at)::float8 / 86400,
    coalesce((
      SELECT sum(extract(epoch FROM least(coalesce(h.left_at, j.ready_at), j.ready_at) - greatest(h.at, j.start_at)))::float8 / 86400
      FROM h WHERE h.job_id = j.job_id AND h.stage = p_hold AND h.at < j.ready_at AND coalesce(h.left_at, 'infinity') > j.start_at
    ), 0)
  FROM j
  WHERE j.start_at IS NOT NULL AND j.ready_at >= p_from AND j.ready_at < p_to
$$;--> statement-breakpoint
-- Days on the ready shelf for pieces collected in [p_from, p_to): from the last entry into the ready
-- stage before the first entry into p_collected. SECURITY INVOKER, like the above.
CREATE OR REPLACE FUNCTION report_collected_jobs(p_shop uuid, p_kind text, p_ready text, p_collected text, p_from timestamptz, p_to timestamptz)
RETURNS TABLE(job_id uuid, ready_at timestamptz, collected_at timestamptz, days float8)
LANGUAGE sql STABLE AS $$
  WITH c AS (
    SELECT s.job_id, min(s.at) AS collected_at FROM job_stages s
    WHERE s.shop_id = p_shop AND s.kind = p_kind AND s.stage = p_collected
    GROUP BY s.job_id
  ), r AS (
    SELECT c.job_id, c.collected_at, (SELECT max(s.at) FROM job_stages s WHERE s.shop_id = p_shop AND s.job_id = c.job_id AND s.stage = p_ready AND s.at <= c.collected_at) AS ready_at
    FROM c WHERE c.collected_at >= p_from AND c.collected_at < p_to
  )
  SELECT r.job_id, r.ready_at, r.collected_at, extract(epoch FROM r.collected_at - r.ready_at)::float8 / 86400 FROM r WHERE r.ready_at IS NOT NULL
$$;--> statement-breakpoint
-- The network benchmark: one figure's median and interquartile range over the shops that contribute
-- to it in the period, and nothing at all unless at least 5 do. It runs as its owner (the schema
-- owner, whom row-level security does not bind) so it can read every shop; no per-shop value leaves
-- it. A shop that opted out contributes nothing, and a tenant that opted out is answered nothing.
CREATE OR REPLACE FUNCTION report_network_benchmark(p_figure text, p_kind text, p_start text[], p_ready text, p_hold text, p_collected text, p_from timestamptz, p_to timestamptz)
RETURNS TABLE(shops integer, p25 float8, median float8, p75 float8)
LANGUAGE plpgsql STABLE SECURITY DEFINER SET search_path = public, pg_temp AS $$
DECLARE
  caller uuid := nullif(current_setting('app.tenant_id', true), '')::uuid;
BEGIN
  IF p_figure NOT IN ('cycle_days', 'ready_to_collected_days') THEN
    RAISE EXCEPTION 'unknown benchmark figure %', p_figure USING ERRCODE = '22023';
  END IF;
  IF caller IS NULL OR NOT EXISTS (SELECT 1 FROM shops s WHERE s.id = caller AND NOT s.benchmark_opt_out) THEN
    RETURN;
  END IF;
  RETURN QUERY
  WITH per_shop AS (
    SELECT CASE p_figure
      WHEN 'cycle_days' THEN (SELECT percentile_cont(0.5) WITHIN GROUP (ORDER BY c.total_days - c.hold_days) FROM report_cycle_jobs(s.id, p_kind, p_start, p_ready, p_hold, p_from, p_to) c)
      ELSE (SELECT percentile_cont(0.5) WITHIN GROUP (ORDER BY c.days) FROM report_collected_jobs(s.id, p_kind, p_ready, p_collected, p_from, p_to) c)
    END AS v
    FROM shops s WHERE NOT s.benchmark_opt_out
  )
  SELECT count(*)::integer, percentile_cont(0.25) WITHIN GROUP (ORDER BY v), percentile_cont(0.5) WITHIN GROUP (ORDER BY v), percentile_cont(0.75) WITHIN GROUP (ORDER BY v)
  FROM per_shop WHERE v IS NOT NULL
  HAVING count(*) >= 5;
END
$$;--> statement-breakpoint
REVOKE ALL ON FUNCTION report_network_benchmark(text, text, text[], text, text, text, timestamptz, timestamptz) FROM PUBLIC;--> statement-breakpoint
GRANT EXECUTE ON FUNCTION report_network_benchmark(text, text, text[], text, text, text, timestamptz, timestamptz) TO loupe_app;
