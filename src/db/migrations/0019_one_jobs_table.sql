CREATE TABLE "bespoke_details" (
	"shop_id" uuid NOT NULL,
	"job_id" uuid NOT NULL,
	"jewellery_type" text,
	"budget_cents" bigint,
	"metal" text,
	"stones" text,
	CONSTRAINT "bespoke_details_pkey" PRIMARY KEY("shop_id","job_id")
);
--> statement-breakpoint
ALTER TABLE "bespoke_details" ENABLE ROW LEVEL SECURITY;--> statement-breakpoint
CREATE TABLE "job_stages" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"seq" bigint GENERATED ALWAYS AS IDENTITY (sequence name "job_stages_seq_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1),
	"shop_id" uuid NOT NULL,
	"job_id" uuid NOT NULL,
	"kind" text NOT NULL,
	"stage" text NOT NULL,
	"from_stage" text,
	"actor_id" uuid,
	"actor_label" text,
	"note" text,
	"at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "job_stages_stage_check" CHECK (("job_stages"."kind" = 'bespoke' and "job_stages"."stage" in ('enquiry', 'consultation', 'deposit_received', 'stone_sourcing', 'cad', 'approval', 'setting', 'polish', 'ready', 'collected', 'cancelled', 'on_hold')) or ("job_stages"."kind" = 'repair' and "job_stages"."stage" in ('intake', 'assessed', 'quoted', 'approved', 'in_progress', 'ready', 'collected', 'cancelled', 'on_hold'))),
	CONSTRAINT "job_stages_from_stage_check" CHECK ("job_stages"."from_stage" is null or ("job_stages"."kind" = 'bespoke' and "job_stages"."from_stage" in ('enquiry', 'consultation', 'deposit_received', 'stone_sourcing', 'cad', 'approval', 'setting', 'polish', 'ready', 'collected', 'cancelled', 'on_hold')) or ("job_stages"."kind" = 'repair' and "job_stages"."from_stage" in ('intake', 'assessed', 'quoted', 'approved', 'in_progress', 'ready', 'collected', 'cancelled', 'on_hold')))
);
--> statement-breakpoint
ALTER TABLE "job_stages" ENABLE ROW LEVEL SECURITY;--> statement-breakpoint
CREATE TABLE "jobs" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"shop_id" uuid NOT NULL,
	"kind" text NOT NULL,
	"reference" text NOT NULL,
	"customer_id" uuid NOT NULL,
	"title" text NOT NULL,
	"description" text,
	"notes" text,
	"due_date" date,
	"quoted_cents" bigint,
	"final_cents" bigint,
	"stage" text NOT NULL,
	"held_from_stage" text,
	"tracking_code" text NOT NULL,
	"version" integer DEFAULT 1 NOT NULL,
	"created_by" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"stage_changed_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "jobs_shop_id_id_unique" UNIQUE("shop_id","id"),
	CONSTRAINT "jobs_shop_id_id_kind_unique" UNIQUE("shop_id","id","kind"),
	CONSTRAINT "jobs_kind_known" CHECK ("jobs"."kind" in ('bespoke', 'repair')),
	CONSTRAINT "jobs_stage_check" CHECK (("jobs"."kind" = 'bespoke' and "jobs"."stage" in ('enquiry', 'consultation', 'deposit_received', 'stone_sourcing', 'cad', 'approval', 'setting', 'polish', 'ready', 'collected', 'cancelled', 'on_hold')) or ("jobs"."kind" = 'repair' and "jobs"."stage" in ('intake', 'assessed', 'quoted', 'approved', 'in_progress', 'ready', 'collected', 'cancelled', 'on_hold'))),
	CONSTRAINT "jobs_held_from_stage_check" CHECK ("jobs"."held_from_stage" is null or ("jobs"."kind" = 'bespoke' and "jobs"."held_from_stage" in ('enquiry', 'consultation', 'deposit_received', 'stone_sourcing', 'cad', 'approval', 'setting', 'polish', 'ready', 'collected', 'cancelled', 'on_hold')) or ("jobs"."kind" = 'repair' and "jobs"."held_from_stage" in ('intake', 'assessed', 'quoted', 'approved', 'in_progress', 'ready', 'collected', 'cancelled', 'on_hold'))),
	CONSTRAINT "jobs_money_check" CHECK (coalesce("jobs"."quoted_cents", 0) >= 0 and coalesce("jobs"."final_cents", 0) >= 0)
);
--> statement-breakpoint
ALTER TABLE "jobs" ENABLE ROW LEVEL SECURITY;--> statement-breakpoint
CREATE TABLE "repair_details" (
	"shop_id" uuid NOT NULL,
	"job_id" uuid NOT NULL,
	"item_type" text NOT NULL,
	"condition_notes" text,
	"declared_value_cents" bigint,
	"rush" boolean DEFAULT false NOT NULL,
	CONSTRAINT "repair_details_pkey" PRIMARY KEY("shop_id","job_id"),
	CONSTRAINT "repair_details_item_type_known" CHECK ("repair_details"."item_type" in ('ring', 'necklace', 'bracelet', 'earrings', 'watch', 'brooch', 'other')),
	CONSTRAINT "repair_details_declared_value_check" CHECK (coalesce("repair_details"."declared_value_cents", 0) >= 0)
);
--> statement-breakpoint
ALTER TABLE "repair_details" ENABLE ROW LEVEL SECURITY;--> statement-breakpoint
ALTER TABLE "attachments" ADD COLUMN "job_id" uuid;--> statement-breakpoint
ALTER TABLE "comments" ADD COLUMN "job_id" uuid;--> statement-breakpoint
ALTER TABLE "payments" ADD COLUMN "job_id" uuid;--> statement-breakpoint
ALTER TABLE "repair_work_lines" ADD COLUMN "job_id" uuid;--> statement-breakpoint
ALTER TABLE "design_reviews" ADD COLUMN "job_id" uuid;--> statement-breakpoint
ALTER TABLE "job_messages" ADD COLUMN "job_id" uuid;--> statement-breakpoint
ALTER TABLE "bespoke_details" ADD CONSTRAINT "bespoke_details_job_fk" FOREIGN KEY ("shop_id","job_id") REFERENCES "public"."jobs"("shop_id","id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "job_stages" ADD CONSTRAINT "job_stages_actor_id_users_id_fk" FOREIGN KEY ("actor_id") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "job_stages" ADD CONSTRAINT "job_stages_job_fk" FOREIGN KEY ("shop_id","job_id","kind") REFERENCES "public"."jobs"("shop_id","id","kind") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "jobs" ADD CONSTRAINT "jobs_shop_id_shops_id_fk" FOREIGN KEY ("shop_id") REFERENCES "public"."shops"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "jobs" ADD CONSTRAINT "jobs_created_by_users_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "jobs" ADD CONSTRAINT "jobs_customer_fk" FOREIGN KEY ("shop_id","customer_id") REFERENCES "public"."customers"("shop_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "repair_details" ADD CONSTRAINT "repair_details_job_fk" FOREIGN KEY ("shop_id","job_id") REFERENCES "public"."jobs"("shop_id","id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "job_stages_job_idx" ON "job_stages" USING btree ("job_id","seq");--> statement-breakpoint
CREATE UNIQUE INDEX "jobs_shop_reference_unique" ON "jobs" USING btree ("shop_id","reference");--> statement-breakpoint
CREATE UNIQUE INDEX "jobs_tracking_code_unique" ON "jobs" USING btree ("tracking_code");--> statement-breakpoint
CREATE INDEX "jobs_shop_kind_stage_idx" ON "jobs" USING btree ("shop_id","kind","stage");--> statement-breakpoint
CREATE INDEX "jobs_shop_due_idx" ON "jobs" USING btree ("shop_id","due_date");--> statement-breakpoint
CREATE INDEX "jobs_customer_idx" ON "jobs" USING btree ("shop_id","customer_id");--> statement-breakpoint
ALTER TABLE "attachments" ADD CONSTRAINT "attachments_job_fk" FOREIGN KEY ("shop_id","job_id","job_kind") REFERENCES "public"."jobs"("shop_id","id","kind") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "comments" ADD CONSTRAINT "comments_job_fk" FOREIGN KEY ("shop_id","job_id") REFERENCES "public"."jobs"("shop_id","id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "payments" ADD CONSTRAINT "payments_job_fk" FOREIGN KEY ("shop_id","job_id") REFERENCES "public"."jobs"("shop_id","id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "repair_work_lines" ADD CONSTRAINT "repair_work_lines_repair_fk" FOREIGN KEY ("shop_id","job_id") REFERENCES "public"."repair_details"("shop_id","job_id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "design_reviews" ADD CONSTRAINT "design_reviews_job_fk" FOREIGN KEY ("shop_id","job_id") REFERENCES "public"."jobs"("shop_id","id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "job_messages" ADD CONSTRAINT "job_messages_job_fk" FOREIGN KEY ("shop_id","job_id") REFERENCES "public"."jobs"("shop_id","id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "attachments_job_idx" ON "attachments" USING btree ("job_id","seq");--> statement-breakpoint
CREATE INDEX "attachments_latest_image_idx" ON "attachments" USING btree ("job_id","seq" DESC NULLS LAST) WHERE "attachments"."content_type" <> 'application/pdf';--> statement-breakpoint
CREATE INDEX "comments_job_idx" ON "comments" USING btree ("job_id","seq");--> statement-breakpoint
CREATE INDEX "payments_job_idx" ON "payments" USING btree ("job_id");--> statement-breakpoint
CREATE INDEX "repair_work_lines_job_position_idx" ON "repair_work_lines" USING btree ("job_id","position");--> statement-breakpoint
CREATE UNIQUE INDEX "design_reviews_job_version_unique" ON "design_reviews" USING btree ("job_id","renders_key");--> statement-breakpoint
CREATE INDEX "design_reviews_job_seq_idx" ON "design_reviews" USING btree ("job_id","seq");--> statement-breakpoint
CREATE INDEX "job_messages_job_seq_idx" ON "job_messages" USING btree ("job_id","seq");--> statement-breakpoint
CREATE INDEX "job_messages_job_unread_idx" ON "job_messages" USING btree ("shop_id","job_id") WHERE "job_messages"."read_at" is null;--> statement-breakpoint
CREATE POLICY "tenant_isolation" ON "bespoke_details" AS PERMISSIVE FOR ALL TO "loupe_app" USING ("shop_id" = nullif(current_setting('app.tenant_id', true), '')::uuid) WITH CHECK ("shop_id" = nullif(current_setting('app.tenant_id', true), '')::uuid);--> statement-breakpoint
CREATE POLICY "tenant_isolation" ON "job_stages" AS PERMISSIVE FOR ALL TO "loupe_app" USING ("shop_id" = nullif(current_setting('app.tenant_id', true), '')::uuid) WITH CHECK ("shop_id" = nullif(current_setting('app.tenant_id', true), '')::uuid);--> statement-breakpoint
CREATE POLICY "tenant_isolation" ON "jobs" AS PERMISSIVE FOR ALL TO "loupe_app" USING ("shop_id" = nullif(current_setting('app.tenant_id', true), '')::uuid) WITH CHECK ("shop_id" = nullif(current_setting('app.tenant_id', true), '')::uuid);--> statement-breakpoint
CREATE POLICY "tenant_isolation" ON "repair_details" AS PERMISSIVE FOR ALL TO "loupe_app" USING ("shop_id" = nullif(current_setting('app.tenant_id', true), '')::uuid) WITH CHECK ("shop_id" = nullif(current_setting('app.tenant_id', true), '')::uuid);--> statement-breakpoint
-- Hand-written from here to the next marker: every job, its history and its details move into the
-- one jobs table, keeping their ids (job ids are unique across the old tables), and every row that
-- pointed at a job through a per-pipeline column now points at it through job_id.
-- The old per-pipeline announce triggers go first, so moving rows announces nothing.
DROP TRIGGER IF EXISTS payments_announce_bespoke ON payments;--> statement-breakpoint
DROP TRIGGER IF EXISTS payments_announce_repair ON payments;--> statement-breakpoint
DROP TRIGGER IF EXISTS comments_announce_bespoke ON comments;--> statement-breakpoint
DROP TRIGGER IF EXISTS comments_announce_repair ON comments;--> statement-breakpoint
DROP TRIGGER IF EXISTS attachments_announce_bespoke ON attachments;--> statement-breakpoint
DROP TRIGGER IF EXISTS attachments_announce_bespoke_deleted ON attachments;--> statement-breakpoint
DROP TRIGGER IF EXISTS attachments_announce_repair ON attachments;--> statement-breakpoint
DROP TRIGGER IF EXISTS attachments_announce_repair_deleted ON attachments;--> statement-breakpoint
DROP TRIGGER IF EXISTS design_reviews_announce_bespoke ON design_reviews;--> statement-breakpoint
DROP TRIGGER IF EXISTS job_messages_announce_bespoke ON job_messages;--> statement-breakpoint
DROP TRIGGER IF EXISTS job_messages_announce_repair ON job_messages;--> statement-breakpoint
DROP TRIGGER IF EXISTS bespoke_jobs_announce ON bespoke_jobs;--> statement-breakpoint
DROP TRIGGER IF EXISTS repair_jobs_announce ON repair_jobs;--> statement-breakpoint
INSERT INTO jobs (id, shop_id, kind, reference, customer_id, title, description, notes, due_date, quoted_cents, final_cents, stage,
                  held_from_stage, tracking_code, version, created_by, created_at, updated_at, stage_changed_at)
  SELECT id, shop_id, 'bespoke', reference, customer_id, title, description, notes, due_date, quoted_cents, final_cents, stage,
         held_from_stage, tracking_code, version, created_by, created_at, updated_at, stage_changed_at
  FROM bespoke_jobs
  UNION ALL
  SELECT id, shop_id, 'repair', reference, customer_id, title, description, notes, due_date, quoted_cents, final_cents, stage,
         held_from_stage, tracking_code, version, created_by, created_at, updated_at, stage_changed_at
  FROM repair_jobs;--> statement-breakpoint
INSERT INTO bespoke_details (shop_id, job_id, jewellery_type, budget_cents, metal, stones)
  SELECT shop_id, id, jewellery_type, budget_cents, metal, stones FROM bespoke_jobs;--> statement-breakpoint
INSERT INTO repair_details (shop_id, job_id, item_type, condition_notes, declared_value_cents, rush)
  SELECT shop_id, id, item_type, condition_notes, declared_value_cents, rush FROM repair_jobs;--> statement-breakpoint
-- Each job's history in the order it was written: the old sequences become the one new sequence.
INSERT INTO job_stages (id, shop_id, job_id, kind, stage, from_stage, actor_id, actor_label, note, at)
  SELECT id, shop_id, job_id, kind, stage, from_stage, actor_id, actor_label, note, at FROM (
    SELECT id, shop_id, job_id, 'bespoke' AS kind, stage, from_stage, actor_id, actor_label, note, at, seq, 1 AS part FROM bespoke_job_stages
    UNION ALL
    SELECT id, shop_id, job_id, 'repair', stage, from_stage, actor_id, actor_label, note, at, seq, 2 FROM repair_job_stages
  ) h
  ORDER BY part, seq;--> statement-breakpoint
UPDATE payments SET job_id = coalesce(bespoke_job_id, repair_job_id) WHERE num_nonnulls(bespoke_job_id, repair_job_id) > 0;--> statement-breakpoint
UPDATE comments SET job_id = coalesce(bespoke_job_id, repair_job_id);--> statement-breakpoint
UPDATE attachments SET job_id = coalesce(bespoke_job_id, repair_job_id);--> statement-breakpoint
UPDATE job_messages SET job_id = coalesce(bespoke_job_id, repair_job_id);--> statement-breakpoint
UPDATE design_reviews SET job_id = bespoke_job_id;--> statement-breakpoint
UPDATE repair_work_lines SET job_id = repair_job_id;--> statement-breakpoint
-- The outbox never had a foreign key: a row naming a job that is not there keeps its history, not the dangling id.
UPDATE outbox o SET job_id = NULL
  WHERE o.job_id IS NOT NULL AND NOT EXISTS (SELECT FROM jobs j WHERE j.shop_id = o.shop_id AND j.id = o.job_id);--> statement-breakpoint
-- Generated by drizzle-kit again from here: the per-pipeline columns and tables go.
ALTER TABLE "attachments" DROP CONSTRAINT "attachments_one_job";
--> statement-breakpoint
ALTER TABLE "attachments" DROP CONSTRAINT "attachments_one_repair_job";
--> statement-breakpoint
ALTER TABLE "attachments" DROP CONSTRAINT "attachments_bespoke_stage_check";
--> statement-breakpoint
ALTER TABLE "attachments" DROP CONSTRAINT "attachments_repair_stage_check";
--> statement-breakpoint
ALTER TABLE "comments" DROP CONSTRAINT "comments_one_job";
--> statement-breakpoint
ALTER TABLE "payments" DROP CONSTRAINT "payments_at_most_one_job";
--> statement-breakpoint
ALTER TABLE "job_messages" DROP CONSTRAINT "job_messages_one_job";
--> statement-breakpoint
ALTER TABLE "attachments" DROP CONSTRAINT "attachments_bespoke_job_fk";
--> statement-breakpoint
ALTER TABLE "attachments" DROP CONSTRAINT "attachments_repair_job_fk";
--> statement-breakpoint
ALTER TABLE "comments" DROP CONSTRAINT "comments_bespoke_job_fk";
--> statement-breakpoint
ALTER TABLE "comments" DROP CONSTRAINT "comments_repair_job_fk";
--> statement-breakpoint
ALTER TABLE "payments" DROP CONSTRAINT "payments_bespoke_job_fk";
--> statement-breakpoint
ALTER TABLE "payments" DROP CONSTRAINT "payments_repair_job_fk";
--> statement-breakpoint
ALTER TABLE "repair_work_lines" DROP CONSTRAINT "repair_work_lines_job_fk";
--> statement-breakpoint
ALTER TABLE "design_reviews" DROP CONSTRAINT "design_reviews_bespoke_job_fk";
--> statement-breakpoint
ALTER TABLE "job_messages" DROP CONSTRAINT "job_messages_bespoke_job_fk";
--> statement-breakpoint
ALTER TABLE "job_messages" DROP CONSTRAINT "job_messages_repair_job_fk";
--> statement-breakpoint
DROP INDEX "attachments_bespoke_job_idx";
--> statement-breakpoint
DROP INDEX "attachments_repair_job_idx";
--> statement-breakpoint
DROP INDEX "attachments_repair_latest_image_idx";
--> statement-breakpoint
DROP INDEX "attachments_bespoke_latest_image_idx";
--> statement-breakpoint
DROP INDEX "comments_bespoke_job_idx";
--> statement-breakpoint
DROP INDEX "comments_repair_job_idx";
--> statement-breakpoint
DROP INDEX "payments_bespoke_job_idx";
--> statement-breakpoint
DROP INDEX "payments_repair_job_idx";
--> statement-breakpoint
DROP INDEX "repair_work_lines_job_idx";
--> statement-breakpoint
DROP INDEX "design_reviews_version_unique";
--> statement-breakpoint
DROP INDEX "design_reviews_job_idx";
--> statement-breakpoint
DROP INDEX "job_messages_job_idx";
--> statement-breakpoint
DROP INDEX "job_messages_repair_job_idx";
--> statement-breakpoint
DROP INDEX "job_messages_unread_idx";
--> statement-breakpoint
DROP INDEX "job_messages_repair_unread_idx";
--> statement-breakpoint
ALTER TABLE "attachments" ALTER COLUMN "job_id" SET NOT NULL;
--> statement-breakpoint
ALTER TABLE "comments" ALTER COLUMN "job_id" SET NOT NULL;
--> statement-breakpoint
ALTER TABLE "repair_work_lines" ALTER COLUMN "job_id" SET NOT NULL;
--> statement-breakpoint
ALTER TABLE "design_reviews" ALTER COLUMN "job_id" SET NOT NULL;
--> statement-breakpoint
ALTER TABLE "job_messages" ALTER COLUMN "job_id" SET NOT NULL;
--> statement-breakpoint
ALTER TABLE "outbox" ADD CONSTRAINT "outbox_job_fk" FOREIGN KEY ("shop_id","job_id") REFERENCES "public"."jobs"("shop_id","id") ON DELETE cascade ON UPDATE no action;
--> statement-breakpoint
ALTER TABLE "attachments" DROP COLUMN "bespoke_job_id";
--> statement-breakpoint
ALTER TABLE "attachments" DROP COLUMN "repair_job_id";
--> statement-breakpoint
ALTER TABLE "comments" DROP COLUMN "bespoke_job_id";
--> statement-breakpoint
ALTER TABLE "comments" DROP COLUMN "repair_job_id";
--> statement-breakpoint
ALTER TABLE "payments" DROP COLUMN "bespoke_job_id";
--> statement-breakpoint
ALTER TABLE "payments" DROP COLUMN "repair_job_id";
--> statement-breakpoint
ALTER TABLE "repair_work_lines" DROP COLUMN "repair_job_id";
--> statement-breakpoint
ALTER TABLE "design_reviews" DROP COLUMN "bespoke_job_id";
--> statement-breakpoint
ALTER TABLE "job_messages" DROP COLUMN "bespoke_job_id";
--> statement-breakpoint
ALTER TABLE "job_messages" DROP COLUMN "repair_job_id";
--> statement-breakpoint
ALTER TABLE "attachments" ADD CONSTRAINT "attachments_stage_check" CHECK (("attachments"."job_kind" = 'bespoke' and "attachments"."stage" in ('enquiry', 'consultation', 'deposit_received', 'stone_sourcing', 'cad', 'approval', 'setting', 'polish', 'ready', 'collected', 'cancelled', 'on_hold')) or ("attachments"."job_kind" = 'repair' and "attachments"."stage" in ('intake', 'assessed', 'quoted', 'approved', 'in_progress', 'ready', 'collected', 'cancelled', 'on_hold')));
--> statement-breakpoint
ALTER TABLE "bespoke_job_stages" DISABLE ROW LEVEL SECURITY;
--> statement-breakpoint
ALTER TABLE "bespoke_jobs" DISABLE ROW LEVEL SECURITY;
--> statement-breakpoint
ALTER TABLE "repair_job_stages" DISABLE ROW LEVEL SECURITY;
--> statement-breakpoint
ALTER TABLE "repair_jobs" DISABLE ROW LEVEL SECURITY;
--> statement-breakpoint
DROP POLICY "tenant_isolation" ON "bespoke_job_stages" CASCADE;
--> statement-breakpoint
DROP TABLE "bespoke_job_stages" CASCADE;
--> statement-breakpoint
DROP POLICY "tenant_isolation" ON "bespoke_jobs" CASCADE;
--> statement-breakpoint
DROP TABLE "bespoke_jobs" CASCADE;
--> statement-breakpoint
DROP POLICY "tenant_isolation" ON "repair_job_stages" CASCADE;
--> statement-breakpoint
DROP TABLE "repair_job_stages" CASCADE;
--> statement-breakpoint
DROP POLICY "tenant_isolation" ON "repair_jobs" CASCADE;
--> statement-breakpoint
DROP TABLE "repair_jobs" CASCADE;--> statement-breakpoint
-- Hand-written from here to the end.
-- One trigger per table announces a change to a job on `loupe_jobs` when its transaction commits,
-- with the payload the live hub reads: {shopId, kind, id}. TG_ARGV[0] names the column holding the
-- job's id; the kind is the row's own when it carries one, else the job's.
CREATE OR REPLACE FUNCTION loupe_announce_job_change() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  r jsonb;
  job_id uuid;
  job_kind text;
BEGIN
  IF TG_OP = 'DELETE' THEN r := to_jsonb(OLD); ELSE r := to_jsonb(NEW); END IF;
  job_id := (r ->> TG_ARGV[0])::uuid;
  IF job_id IS NULL THEN RETURN NULL; END IF;
  job_kind := coalesce(r ->> 'kind', r ->> 'job_kind');
  IF TG_TABLE_NAME <> 'jobs' AND (r ? 'job_kind') IS NOT TRUE THEN
    SELECT j.kind INTO job_kind FROM jobs j WHERE j.shop_id = (r ->> 'shop_id')::uuid AND j.id = job_id;
  END IF;
  IF job_kind IS NOT NULL THEN
    PERFORM pg_notify('loupe_jobs', json_build_object('shopId', r ->> 'shop_id', 'kind', job_kind, 'id', job_id)::text);
  END IF;
  RETURN NULL;
END
$$;--> statement-breakpoint
CREATE TRIGGER jobs_announce AFTER INSERT OR UPDATE ON jobs
  FOR EACH ROW EXECUTE FUNCTION loupe_announce_job_change('id');--> statement-breakpoint
CREATE TRIGGER payments_announce AFTER INSERT ON payments
  FOR EACH ROW EXECUTE FUNCTION loupe_announce_job_change('job_id');--> statement-breakpoint
CREATE TRIGGER comments_announce AFTER INSERT ON comments
  FOR EACH ROW EXECUTE FUNCTION loupe_announce_job_change('job_id');--> statement-breakpoint
CREATE TRIGGER attachments_announce AFTER INSERT OR UPDATE OR DELETE ON attachments
  FOR EACH ROW EXECUTE FUNCTION loupe_announce_job_change('job_id');--> statement-breakpoint
CREATE TRIGGER design_reviews_announce AFTER INSERT ON design_reviews
  FOR EACH ROW EXECUTE FUNCTION loupe_announce_job_change('job_id');--> statement-breakpoint
CREATE TRIGGER job_messages_announce AFTER INSERT OR UPDATE ON job_messages
  FOR EACH ROW EXECUTE FUNCTION loupe_announce_job_change('job_id');--> statement-breakpoint
DROP FUNCTION IF EXISTS loupe_announce_job();--> statement-breakpoint
DROP FUNCTION IF EXISTS loupe_announce_job_of_deleted();--> statement-breakpoint
-- The old tables' names, for reporting tools that read them: read-only views over the jobs and
-- their details. security_invoker makes the reader's row-level security apply to the tables beneath.
CREATE VIEW bespoke_jobs WITH (security_invoker = true) AS
  SELECT j.id, j.shop_id, j.reference, j.customer_id, j.title, j.description, j.notes, j.due_date, j.quoted_cents, j.final_cents,
         j.stage, j.held_from_stage, j.tracking_code, j.version, j.created_by, j.created_at, j.updated_at, j.stage_changed_at,
         d.jewellery_type, d.budget_cents, d.metal, d.stones
  FROM jobs j LEFT JOIN bespoke_details d ON d.shop_id = j.shop_id AND d.job_id = j.id
  WHERE j.kind = 'bespoke';--> statement-breakpoint
CREATE VIEW repair_jobs WITH (security_invoker = true) AS
  SELECT j.id, j.shop_id, j.reference, j.customer_id, j.title, j.description, j.notes, j.due_date, j.quoted_cents, j.final_cents,
         j.stage, j.held_from_stage, j.tracking_code, j.version, j.created_by, j.created_at, j.updated_at, j.stage_changed_at,
         d.item_type, d.condition_notes, d.declared_value_cents, d.rush
  FROM jobs j LEFT JOIN repair_details d ON d.shop_id = j.shop_id AND d.job_id = j.id
  WHERE j.kind = 'repair';--> statement-breakpoint
CREATE VIEW bespoke_job_stages WITH (security_invoker = true) AS
  SELECT id, seq, shop_id, job_id, stage, from_stage, actor_id, actor_label, note, at FROM job_stages WHERE kind = 'bespoke';--> statement-breakpoint
CREATE VIEW repair_job_stages WITH (security_invoker = true) AS
  SELECT id, seq, shop_id, job_id, stage, from_stage, actor_id, actor_label, note, at FROM job_stages WHERE kind = 'repair';--> statement-breakpoint
-- Default privileges would let the tenant role write through the simple views: they are for reading.
REVOKE ALL ON bespoke_jobs, repair_jobs, bespoke_job_stages, repair_job_stages FROM loupe_app;--> statement-breakpoint
GRANT SELECT ON bespoke_jobs, repair_jobs, bespoke_job_stages, repair_job_stages TO loupe_app;
