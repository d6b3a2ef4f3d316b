CREATE TABLE "report_jobs" (
	"shop_id" uuid NOT NULL,
	"job_id" uuid NOT NULL,
	"kind" text NOT NULL,
	"start_at" timestamp with time zone,
	"ready_at" timestamp with time zone,
	"hold_days" double precision DEFAULT 0 NOT NULL,
	"collected_at" timestamp with time zone,
	"shelf_ready_at" timestamp with time zone,
	"design_entries" integer DEFAULT 0 NOT NULL,
	"design_first_at" timestamp with time zone,
	"went_back" boolean DEFAULT false NOT NULL,
	CONSTRAINT "report_jobs_pkey" PRIMARY KEY("shop_id","job_id")
);
--> statement-breakpoint
ALTER TABLE "report_jobs" ENABLE ROW LEVEL SECURITY;--> statement-breakpoint
CREATE TABLE "report_pipelines" (
	"kind" text PRIMARY KEY NOT NULL,
	"start_stages" text[] NOT NULL,
	"ready" text NOT NULL,
	"hold" text NOT NULL,
	"collected" text,
	"design_stage" text,
	"review_stage" text,
	"before_review" text[] NOT NULL
);
--> statement-breakpoint
CREATE TABLE "report_staff_days" (
	"shop_id" uuid NOT NULL,
	"actor_id" uuid NOT NULL,
	"day" date NOT NULL,
	"moves" integer DEFAULT 0 NOT NULL,
	"completions" integer DEFAULT 0 NOT NULL,
	CONSTRAINT "report_staff_days_pkey" PRIMARY KEY("shop_id","actor_id","day")
);
--> statement-breakpoint
ALTER TABLE "report_staff_days" ENABLE ROW LEVEL SECURITY;--> statement-breakpoint
CREATE TABLE "report_stage_days" (
	"shop_id" uuid NOT NULL,
	"kind" text NOT NULL,
	"day" date NOT NULL,
	"stage" text NOT NULL,
	"entered" integer DEFAULT 0 NOT NULL,
	"left" integer DEFAULT 0 NOT NULL,
	CONSTRAINT "report_stage_days_pkey" PRIMARY KEY("shop_id","kind","day","stage")
);
--> statement-breakpoint
ALTER TABLE "report_stage_days" ENABLE ROW LEVEL SECURITY;--> statement-breakpoint
CREATE TABLE "report_stays" (
	"shop_id" uuid NOT NULL,
	"entry_id" uuid NOT NULL,
	"job_id" uuid NOT NULL,
	"kind" text NOT NULL,
	"stage" text NOT NULL,
	"entered_at" timestamp with time zone NOT NULL,
	"left_at" timestamp with time zone,
	CONSTRAINT "report_stays_pkey" PRIMARY KEY("shop_id","entry_id")
);
--> statement-breakpoint
ALTER TABLE "report_stays" ENABLE ROW LEVEL SECURITY;--> statement-breakpoint
ALTER TABLE "report_jobs" ADD CONSTRAINT "report_jobs_job_fk" FOREIGN KEY ("shop_id","job_id") REFERENCES "public"."jobs"("shop_id","id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "report_stays" ADD CONSTRAINT "report_stays_job_fk" FOREIGN KEY ("shop_id","job_id") REFERENCES "public"."jobs"("shop_id","id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "report_jobs_shop_ready_idx" ON "report_jobs" USING btree ("shop_id","kind","ready_at");--> statement-breakpoint
CREATE INDEX "report_jobs_shop_collected_idx" ON "report_jobs" USING btree ("shop_id","kind","collected_at");--> statement-breakpoint
CREATE INDEX "report_jobs_shop_design_idx" ON "report_jobs" USING btree ("shop_id","kind","design_first_at");--> statement-breakpoint
CREATE INDEX "report_jobs_ready_idx" ON "report_jobs" USING btree ("kind","ready_at");--> statement-breakpoint
CREATE INDEX "report_jobs_collected_idx" ON "report_jobs" USING btree ("kind","collected_at");--> statement-breakpoint
CREATE INDEX "report_jobs_design_idx" ON "report_jobs" USING btree ("kind","design_first_at");--> statement-breakpoint
CREATE POLICY "tenant_isolation" ON "report_jobs" AS PERMISSIVE FOR ALL TO "loupe_app" USING ("shop_id" = nullif(current_setting('app.tenant_id', true), '')::uuid) WITH CHECK ("shop_id" = nullif(current_setting('app.tenant_id', true), '')::uuid);--> statement-breakpoint
CREATE POLICY "tenant_isolation" ON "report_staff_days" AS PERMISSIVE FOR ALL TO "loupe_app" USING ("shop_id" = nullif(current_setting('app.tenant_id', true), '')::uuid) WITH CHECK ("shop_id" = nullif(current_setting('app.tenant_id', true), '')::uuid);--> statement-breakpoint
CREATE POLICY "tenant_isolation" ON "report_stage_days" AS PERMISSIVE FOR ALL TO "loupe_app" USING ("shop_id" = nullif(current_setting('app.tenant_id', true), '')::uuid) WITH CHECK ("shop_id" = nullif(current_setting('app.tenant_id', true), '')::uuid);--> statement-breakpoint
CREATE POLICY "tenant_isolation" ON "report_stays" AS PERMISSIVE FOR ALL TO "loupe_app" USING ("shop_id" = nullif(current_setting('app.tenant_id', true), '')::uuid) WITH CHECK ("shop_id" = nullif(current_setting('app.tenant_id', true), '')::uuid);--> statement-breakpoint
-- hand-written below
-- What each pipeline's definition says, for the SQL below (a test holds these rows to the definitions).
INSERT INTO report_pipelines (kind, start_stages, ready, hold, collected, design_stage, review_stage, before_review) VALUES
  ('bespoke', ARRAY['deposit_received','stone_sourcing','cad','approval','setting','polish','ready','collected'], 'ready', 'on_hold', 'collected', 'cad', 'approval', ARRAY['enquiry','consultation','deposit_received','stone_sourcing','cad']),
  ('repair', ARRAY['intake','assessed','quoted','approved','in_progress','ready','collected'], 'ready', 'on_hold', 'collected', NULL, NULL, ARRAY[]::text[]),
  ('appraisal', ARRAY['requested','examining','valued','report_issued','collected'], 'report_issued', 'on_hold', 'collected', NULL, NULL, ARRAY[]::text[])
ON CONFLICT (kind) DO UPDATE SET start_stages = excluded.start_stages, ready = excluded.ready, hold = excluded.hold, collected = excluded.collected,
  design_stage = excluded.design_stage, review_stage = excluded.review_stage, before_review = excluded.before_review;--> statement-breakpoint
REVOKE INSERT, UPDATE, DELETE ON report_pipelines FROM loupe_app;--> statement-breakpoint
GRANT SELECT ON report_pipelines TO loupe_app;--> statement-breakpoint
GRANT SELECT, INSERT, UPDATE, DELETE ON report_jobs, report_stays, report_stage_days, report_staff_days TO loupe_app;--> statement-breakpoint
-- Recomputes the report_jobs and report_stays rows of the given jobs from their whole history (a job
-- has a handful of rows). SECURITY INVOKER, like every function here but the benchmark: in a tenant
-- transaction, row-level security admits that shop's rows only.
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
  INSERT INTO report_jobs (shop_id, job_id, kind, start_at, ready_at, hold_days, collected_at, shelf_ready_at, design_entries, design_first_at, went_back)
  SELECT j.shop_id, j.job_id, j.kind, j.start_at, j.ready_at, coalesce(k.hold_days, 0), j.collected_at, k.shelf_ready_at, j.design_entries, j.design_first_at, j.went_back
  FROM j JOIN k ON k.job_id = j.job_id
  ON CONFLICT (shop_id, job_id) DO UPDATE SET kind = excluded.kind, start_at = excluded.start_at, ready_at = excluded.ready_at,
    hold_days = excluded.hold_days, collected_at = excluded.collected_at, shelf_ready_at = excluded.shelf_ready_at,
    design_entries = excluded.design_entries, design_first_at = excluded.design_first_at, went_back = excluded.went_back
$$;--> statement-breakpoint
-- Adds the given history rows to the per-day counts, each on its day in the shop's time zone. Rows are
-- upserted in key order, so two moves counting on the same days cannot deadlock.
CREATE OR REPLACE FUNCTION report_count_days(p_rows uuid[]) RETURNS void LANGUAGE sql AS $$
  INSERT INTO report_stage_days AS d (shop_id, kind, day, stage, entered, "left")
  SELECT h.shop_id, h.kind, (h.at AT TIME ZONE z.time_zone)::date, v.stage, sum(v.e)::int, sum(v.l)::int
  FROM job_stages h JOIN shops z ON z.id = h.shop_id CROSS JOIN LATERAL (VALUES (h.stage, 1, 0), (h.from_stage, 0, 1)) AS v(stage, e, l)
  WHERE h.id = ANY(p_rows) AND v.stage IS NOT NULL
  GROUP BY 1, 2, 3, 4 ORDER BY 1, 2, 3, 4
  ON CONFLICT (shop_id, kind, day, stage) DO UPDATE SET entered = d.entered + excluded.entered, "left" = d."left" + excluded."left";
  INSERT INTO report_staff_days AS d (shop_id, actor_id, day, moves, completions)
  SELECT h.shop_id, h.actor_id, (h.at AT TIME ZONE z.time_zone)::date, count(*)::int, count(*) FILTER (WHERE h.stage = p.ready)::int
  FROM job_stages h JOIN shops z ON z.id = h.shop_id JOIN report_pipelines p ON p.kind = h.kind
  WHERE h.id = ANY(p_rows) AND h.actor_id IS NOT NULL
  GROUP BY 1, 2, 3 ORDER BY 1, 2, 3
  ON CONFLICT (shop_id, actor_id, day) DO UPDATE SET moves = d.moves + excluded.moves, completions = d.completions + excluded.completions;
$$;--> statement-breakpoint
-- A shop's per-day counts again from its whole history: after a change of time zone moves its days.
CREATE OR REPLACE FUNCTION report_recount_days(p_shop uuid) RETURNS void LANGUAGE sql AS $$
  DELETE FROM report_stage_days WHERE shop_id = p_shop;
  DELETE FROM report_staff_days WHERE shop_id = p_shop;
  SELECT report_count_days(ARRAY(SELECT h.id FROM job_stages h WHERE h.shop_id = p_shop));
$$;--> statement-breakpoint
-- Once per statement that writes history (one move, or a bulk load), in the same transaction.
CREATE OR REPLACE FUNCTION report_jobs_on_history() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM report_refresh_jobs(ARRAY(SELECT DISTINCT a.job_id FROM added a));
  PERFORM report_count_days(ARRAY(SELECT a.id FROM added a));
  RETURN NULL;
END
$$;--> statement-breakpoint
CREATE OR REPLACE FUNCTION report_days_on_zone() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM report_recount_days(NEW.id);
  RETURN NULL;
END
$$;--> statement-breakpoint
CREATE TRIGGER shops_report_days AFTER UPDATE OF time_zone ON shops FOR EACH ROW WHEN (OLD.time_zone IS DISTINCT FROM NEW.time_zone) EXECUTE FUNCTION report_days_on_zone();--> statement-breakpoint
CREATE TRIGGER job_stages_report_jobs AFTER INSERT ON job_stages REFERENCING NEW TABLE AS added FOR EACH STATEMENT EXECUTE FUNCTION report_jobs_on_history();--> statement-breakpoint
SELECT report_refresh_jobs(ARRAY(SELECT j.id FROM jobs j));--> statement-breakpoint
SELECT report_count_days(ARRAY(SELECT h.id FROM job_stages h));--> statement-breakpoint
CREATE INDEX report_stays_left_idx ON report_stays (shop_id, kind, left_at) INCLUDE (stage, entered_at);--> statement-breakpoint
DROP FUNCTION IF EXISTS report_network_benchmark(text, text, text[], text, text, text, timestamptz, timestamptz);--> statement-breakpoint
DROP FUNCTION IF EXISTS report_cycle_jobs(uuid, text, text[], text, text, timestamptz, timestamptz);--> statement-breakpoint
DROP FUNCTION IF EXISTS report_collected_jobs(uuid, text, text, text, timestamptz, timestamptz);--> statement-breakpoint
-- The network benchmark: one figure's median and interquartile range over the shops that contribute to
-- it in [p_from, p_to) (for the ready shelf: at p_to), and nothing unless at least 5 do. It runs as its
-- owner, whom row-level security does not bind, so it reads every shop; only the three quartiles and the
-- count leave it. The stages come from report_pipelines, never from the caller. A shop contributes only
-- when (docs/decisions/0019-benchmark-sybils.md) it has not opted out, its first recorded move is at
-- least 30 days before p_to, and at least 5 of its jobs make up its value (so each shop's value is itself
-- an aggregate). A caller that opted out, or names no shop, is answered nothing.
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
    SELECT r.shop_id, avg(((r.ready_at AT TIME ZONE e.time_zone)::date <= j.due_date)::int)::float8, count(*)
    FROM report_jobs r JOIN eligible e ON e.id = r.shop_id JOIN jobs j ON j.shop_id = r.shop_id AND j.id = r.job_id
    WHERE p_figure = 'on_time_rate' AND r.kind = p_kind AND r.ready_at >= p_from AND r.ready_at < p_to AND j.due_date IS NOT NULL
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
$$;--> statement-breakpoint
REVOKE ALL ON FUNCTION report_network_benchmark(text, text, timestamptz, timestamptz) FROM PUBLIC;--> statement-breakpoint
GRANT EXECUTE ON FUNCTION report_network_benchmark(text, text, timestamptz, timestamptz) TO loupe_app;
