CREATE TABLE "repair_job_stages" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"seq" bigint GENERATED ALWAYS AS IDENTITY (sequence name "repair_job_stages_seq_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1),
	"shop_id" uuid NOT NULL,
	"job_id" uuid NOT NULL,
	"stage" text NOT NULL,
	"from_stage" text,
	"actor_id" uuid,
	"actor_label" text,
	"note" text,
	"at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "repair_job_stages_stage_check" CHECK ("repair_job_stages"."stage" in ('intake', 'assessed', 'quoted', 'approved', 'in_progress', 'ready', 'collected', 'cancelled', 'on_hold')),
	CONSTRAINT "repair_job_stages_from_stage_check" CHECK ("repair_job_stages"."from_stage" is null or "repair_job_stages"."from_stage" in ('intake', 'assessed', 'quoted', 'approved', 'in_progress', 'ready', 'collected', 'cancelled', 'on_hold'))
);
--> statement-breakpoint
ALTER TABLE "repair_job_stages" ENABLE ROW LEVEL SECURITY;--> statement-breakpoint
CREATE TABLE "repair_jobs" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"shop_id" uuid NOT NULL,
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
	"item_type" text NOT NULL,
	"condition_notes" text,
	"declared_value_cents" bigint,
	"rush" boolean DEFAULT false NOT NULL,
	CONSTRAINT "repair_jobs_shop_id_id_unique" UNIQUE("shop_id","id"),
	CONSTRAINT "repair_jobs_stage_check" CHECK ("repair_jobs"."stage" in ('intake', 'assessed', 'quoted', 'approved', 'in_progress', 'ready', 'collected', 'cancelled', 'on_hold')),
	CONSTRAINT "repair_jobs_held_from_stage_check" CHECK ("repair_jobs"."held_from_stage" is null or "repair_jobs"."held_from_stage" in ('intake', 'assessed', 'quoted', 'approved', 'in_progress', 'ready', 'collected', 'cancelled', 'on_hold')),
	CONSTRAINT "repair_jobs_money_check" CHECK (coalesce("repair_jobs"."quoted_cents", 0) >= 0 and coalesce("repair_jobs"."final_cents", 0) >= 0),
	CONSTRAINT "repair_jobs_item_type_known" CHECK ("repair_jobs"."item_type" in ('ring', 'necklace', 'bracelet', 'earrings', 'watch', 'brooch', 'other')),
	CONSTRAINT "repair_jobs_declared_value_check" CHECK (coalesce("repair_jobs"."declared_value_cents", 0) >= 0)
);
--> statement-breakpoint
ALTER TABLE "repair_jobs" ENABLE ROW LEVEL SECURITY;--> statement-breakpoint
CREATE TABLE "repair_work_lines" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"shop_id" uuid NOT NULL,
	"repair_job_id" uuid NOT NULL,
	"position" integer NOT NULL,
	"kind" text NOT NULL,
	"description" text,
	"price_cents" bigint NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "repair_work_lines_kind_known" CHECK ("repair_work_lines"."kind" in ('resize', 'solder', 're_tip', 're_string', 'polish', 'replace_clasp', 'set_stone', 'other')),
	CONSTRAINT "repair_work_lines_price_check" CHECK ("repair_work_lines"."price_cents" >= 0)
);
--> statement-breakpoint
ALTER TABLE "repair_work_lines" ENABLE ROW LEVEL SECURITY;--> statement-breakpoint
CREATE TABLE "design_reviews" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"seq" bigint GENERATED ALWAYS AS IDENTITY (sequence name "design_reviews_seq_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1),
	"shop_id" uuid NOT NULL,
	"bespoke_job_id" uuid NOT NULL,
	"attachment_ids" uuid[] NOT NULL,
	"renders_key" text NOT NULL,
	"decision" text NOT NULL,
	"comment" text,
	"actor_label" text NOT NULL,
	"at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "design_reviews_decision_known" CHECK ("design_reviews"."decision" in ('approved', 'changes_requested')),
	CONSTRAINT "design_reviews_comment_length" CHECK (length("design_reviews"."comment") <= 2000),
	CONSTRAINT "design_reviews_change_has_comment" CHECK ("design_reviews"."decision" <> 'changes_requested' or length(btrim("design_reviews"."comment")) > 0)
);
--> statement-breakpoint
ALTER TABLE "design_reviews" ENABLE ROW LEVEL SECURITY;--> statement-breakpoint
CREATE TABLE "job_messages" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"seq" bigint GENERATED ALWAYS AS IDENTITY (sequence name "job_messages_seq_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1),
	"shop_id" uuid NOT NULL,
	"bespoke_job_id" uuid NOT NULL,
	"direction" text NOT NULL,
	"body" text NOT NULL,
	"author_id" uuid,
	"read_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "job_messages_direction_known" CHECK ("job_messages"."direction" in ('from_customer', 'from_staff')),
	CONSTRAINT "job_messages_body_length" CHECK (length(btrim("job_messages"."body")) between 1 and 2000)
);
--> statement-breakpoint
ALTER TABLE "job_messages" ENABLE ROW LEVEL SECURITY;--> statement-breakpoint
CREATE TABLE "tracking_settings" (
	"shop_id" uuid PRIMARY KEY NOT NULL,
	"verifier" text DEFAULT 'surname' NOT NULL,
	"show_balance" boolean DEFAULT true NOT NULL,
	"approval_advances" boolean DEFAULT false NOT NULL,
	"terms" text,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "tracking_settings_verifier_known" CHECK ("tracking_settings"."verifier" in ('surname', 'postcode'))
);
--> statement-breakpoint
ALTER TABLE "tracking_settings" ENABLE ROW LEVEL SECURITY;--> statement-breakpoint
ALTER TABLE "comments" ADD COLUMN "repair_job_id" uuid;--> statement-breakpoint
ALTER TABLE "payments" ADD COLUMN "repair_job_id" uuid;--> statement-breakpoint
ALTER TABLE "shops" ADD COLUMN "contact_phone" text;--> statement-breakpoint
ALTER TABLE "shops" ADD COLUMN "contact_email" text;--> statement-breakpoint
ALTER TABLE "shops" ADD COLUMN "address" text;--> statement-breakpoint
ALTER TABLE "shops" ADD COLUMN "opening_hours" text;--> statement-breakpoint
ALTER TABLE "shops" ADD COLUMN "logo_url" text;--> statement-breakpoint
ALTER TABLE "repair_job_stages" ADD CONSTRAINT "repair_job_stages_actor_id_users_id_fk" FOREIGN KEY ("actor_id") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "repair_job_stages" ADD CONSTRAINT "repair_job_stages_job_fk" FOREIGN KEY ("shop_id","job_id") REFERENCES "public"."repair_jobs"("shop_id","id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "repair_jobs" ADD CONSTRAINT "repair_jobs_shop_id_shops_id_fk" FOREIGN KEY ("shop_id") REFERENCES "public"."shops"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "repair_jobs" ADD CONSTRAINT "repair_jobs_created_by_users_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "repair_jobs" ADD CONSTRAINT "repair_jobs_customer_fk" FOREIGN KEY ("shop_id","customer_id") REFERENCES "public"."customers"("shop_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "repair_work_lines" ADD CONSTRAINT "repair_work_lines_shop_id_shops_id_fk" FOREIGN KEY ("shop_id") REFERENCES "public"."shops"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "repair_work_lines" ADD CONSTRAINT "repair_work_lines_job_fk" FOREIGN KEY ("shop_id","repair_job_id") REFERENCES "public"."repair_jobs"("shop_id","id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "design_reviews" ADD CONSTRAINT "design_reviews_shop_id_shops_id_fk" FOREIGN KEY ("shop_id") REFERENCES "public"."shops"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "design_reviews" ADD CONSTRAINT "design_reviews_bespoke_job_fk" FOREIGN KEY ("shop_id","bespoke_job_id") REFERENCES "public"."bespoke_jobs"("shop_id","id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "job_messages" ADD CONSTRAINT "job_messages_shop_id_shops_id_fk" FOREIGN KEY ("shop_id") REFERENCES "public"."shops"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "job_messages" ADD CONSTRAINT "job_messages_author_id_users_id_fk" FOREIGN KEY ("author_id") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "job_messages" ADD CONSTRAINT "job_messages_bespoke_job_fk" FOREIGN KEY ("shop_id","bespoke_job_id") REFERENCES "public"."bespoke_jobs"("shop_id","id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "tracking_settings" ADD CONSTRAINT "tracking_settings_shop_id_shops_id_fk" FOREIGN KEY ("shop_id") REFERENCES "public"."shops"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "repair_job_stages_job_idx" ON "repair_job_stages" USING btree ("job_id","seq");--> statement-breakpoint
CREATE UNIQUE INDEX "repair_jobs_shop_reference_unique" ON "repair_jobs" USING btree ("shop_id","reference");--> statement-breakpoint
CREATE UNIQUE INDEX "repair_jobs_tracking_code_unique" ON "repair_jobs" USING btree ("tracking_code");--> statement-breakpoint
CREATE INDEX "repair_jobs_shop_stage_idx" ON "repair_jobs" USING btree ("shop_id","stage");--> statement-breakpoint
CREATE INDEX "repair_jobs_customer_idx" ON "repair_jobs" USING btree ("shop_id","customer_id");--> statement-breakpoint
CREATE INDEX "repair_work_lines_job_idx" ON "repair_work_lines" USING btree ("repair_job_id","position");--> statement-breakpoint
CREATE UNIQUE INDEX "design_reviews_version_unique" ON "design_reviews" USING btree ("bespoke_job_id","renders_key");--> statement-breakpoint
CREATE INDEX "design_reviews_job_idx" ON "design_reviews" USING btree ("bespoke_job_id","seq");--> statement-breakpoint
CREATE INDEX "job_messages_job_idx" ON "job_messages" USING btree ("bespoke_job_id","seq");--> statement-breakpoint
CREATE INDEX "job_messages_unread_idx" ON "job_messages" USING btree ("shop_id","bespoke_job_id") WHERE "job_messages"."read_at" is null;--> statement-breakpoint
ALTER TABLE "comments" ADD CONSTRAINT "comments_repair_job_fk" FOREIGN KEY ("shop_id","repair_job_id") REFERENCES "public"."repair_jobs"("shop_id","id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "payments" ADD CONSTRAINT "payments_repair_job_fk" FOREIGN KEY ("shop_id","repair_job_id") REFERENCES "public"."repair_jobs"("shop_id","id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "comments_repair_job_idx" ON "comments" USING btree ("repair_job_id","seq");--> statement-breakpoint
CREATE INDEX "payments_repair_job_idx" ON "payments" USING btree ("repair_job_id");--> statement-breakpoint
ALTER TABLE "comments" ADD CONSTRAINT "comments_one_job" CHECK (num_nonnulls("comments"."bespoke_job_id", "comments"."repair_job_id") = 1);--> statement-breakpoint
ALTER TABLE "payments" ADD CONSTRAINT "payments_at_most_one_job" CHECK (num_nonnulls("payments"."bespoke_job_id", "payments"."repair_job_id") <= 1);--> statement-breakpoint
CREATE POLICY "tenant_isolation" ON "repair_job_stages" AS PERMISSIVE FOR ALL TO "loupe_app" USING ("shop_id" = current_setting('app.tenant_id', true)::uuid) WITH CHECK ("shop_id" = current_setting('app.tenant_id', true)::uuid);--> statement-breakpoint
CREATE POLICY "tenant_isolation" ON "repair_jobs" AS PERMISSIVE FOR ALL TO "loupe_app" USING ("shop_id" = current_setting('app.tenant_id', true)::uuid) WITH CHECK ("shop_id" = current_setting('app.tenant_id', true)::uuid);--> statement-breakpoint
CREATE POLICY "tenant_isolation" ON "repair_work_lines" AS PERMISSIVE FOR ALL TO "loupe_app" USING ("shop_id" = current_setting('app.tenant_id', true)::uuid) WITH CHECK ("shop_id" = current_setting('app.tenant_id', true)::uuid);--> statement-breakpoint
CREATE POLICY "tenant_isolation" ON "design_reviews" AS PERMISSIVE FOR ALL TO "loupe_app" USING ("shop_id" = current_setting('app.tenant_id', true)::uuid) WITH CHECK ("shop_id" = current_setting('app.tenant_id', true)::uuid);--> statement-breakpoint
CREATE POLICY "tenant_isolation" ON "job_messages" AS PERMISSIVE FOR ALL TO "loupe_app" USING ("shop_id" = current_setting('app.tenant_id', true)::uuid) WITH CHECK ("shop_id" = current_setting('app.tenant_id', true)::uuid);--> statement-breakpoint
CREATE POLICY "tenant_isolation" ON "tracking_settings" AS PERMISSIVE FOR ALL TO "loupe_app" USING ("shop_id" = current_setting('app.tenant_id', true)::uuid) WITH CHECK ("shop_id" = current_setting('app.tenant_id', true)::uuid);