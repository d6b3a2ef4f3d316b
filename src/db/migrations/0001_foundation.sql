CREATE TABLE "bespoke_job_stages" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"shop_id" uuid NOT NULL,
	"job_id" uuid NOT NULL,
	"stage" text NOT NULL,
	"from_stage" text,
	"actor_id" uuid,
	"actor_label" text,
	"note" text,
	"at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "bespoke_job_stages_stage_check" CHECK ("bespoke_job_stages"."stage" in ('enquiry', 'consultation', 'deposit_received', 'stone_sourcing', 'cad', 'approval', 'setting', 'polish', 'ready', 'collected', 'cancelled', 'on_hold')),
	CONSTRAINT "bespoke_job_stages_from_stage_check" CHECK ("bespoke_job_stages"."from_stage" is null or "bespoke_job_stages"."from_stage" in ('enquiry', 'consultation', 'deposit_received', 'stone_sourcing', 'cad', 'approval', 'setting', 'polish', 'ready', 'collected', 'cancelled', 'on_hold'))
);
--> statement-breakpoint
ALTER TABLE "bespoke_job_stages" ENABLE ROW LEVEL SECURITY;--> statement-breakpoint
CREATE TABLE "bespoke_jobs" (
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
	"jewellery_type" text,
	"budget_cents" bigint,
	"metal" text,
	"stones" text,
	CONSTRAINT "bespoke_jobs_shop_id_id_unique" UNIQUE("shop_id","id"),
	CONSTRAINT "bespoke_jobs_stage_check" CHECK ("bespoke_jobs"."stage" in ('enquiry', 'consultation', 'deposit_received', 'stone_sourcing', 'cad', 'approval', 'setting', 'polish', 'ready', 'collected', 'cancelled', 'on_hold')),
	CONSTRAINT "bespoke_jobs_held_from_stage_check" CHECK ("bespoke_jobs"."held_from_stage" is null or "bespoke_jobs"."held_from_stage" in ('enquiry', 'consultation', 'deposit_received', 'stone_sourcing', 'cad', 'approval', 'setting', 'polish', 'ready', 'collected', 'cancelled', 'on_hold')),
	CONSTRAINT "bespoke_jobs_money_check" CHECK (coalesce("bespoke_jobs"."quoted_cents", 0) >= 0 and coalesce("bespoke_jobs"."final_cents", 0) >= 0)
);
--> statement-breakpoint
ALTER TABLE "bespoke_jobs" ENABLE ROW LEVEL SECURITY;--> statement-breakpoint
CREATE TABLE "customers" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"shop_id" uuid NOT NULL,
	"name" text NOT NULL,
	"email" text,
	"phone" text,
	"preferred_channel" text NOT NULL,
	"postcode" text,
	"notes" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "customers_shop_id_id_unique" UNIQUE("shop_id","id"),
	CONSTRAINT "customers_channel_known" CHECK ("customers"."preferred_channel" in ('email', 'sms', 'whatsapp')),
	CONSTRAINT "customers_phone_e164" CHECK ("customers"."phone" ~ '^\+[1-9][0-9]{6,14}$')
);
--> statement-breakpoint
ALTER TABLE "customers" ENABLE ROW LEVEL SECURITY;--> statement-breakpoint
CREATE TABLE "comments" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"shop_id" uuid NOT NULL,
	"bespoke_job_id" uuid,
	"author_id" uuid,
	"body" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "comments_body_present" CHECK (length(btrim("comments"."body")) > 0)
);
--> statement-breakpoint
ALTER TABLE "comments" ENABLE ROW LEVEL SECURITY;--> statement-breakpoint
CREATE TABLE "payments" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"shop_id" uuid NOT NULL,
	"customer_id" uuid NOT NULL,
	"bespoke_job_id" uuid,
	"kind" text NOT NULL,
	"amount_cents" bigint NOT NULL,
	"method" text,
	"note" text,
	"recorded_by" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "payments_kind_known" CHECK ("payments"."kind" in ('deposit', 'payment', 'refund')),
	CONSTRAINT "payments_amount_positive" CHECK ("payments"."amount_cents" > 0)
);
--> statement-breakpoint
ALTER TABLE "payments" ENABLE ROW LEVEL SECURITY;--> statement-breakpoint
CREATE TABLE "outbox" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"shop_id" uuid NOT NULL,
	"topic" text NOT NULL,
	"job_kind" text,
	"job_id" uuid,
	"idempotency_key" text NOT NULL,
	"payload" jsonb NOT NULL,
	"status" text DEFAULT 'pending' NOT NULL,
	"attempts" integer DEFAULT 0 NOT NULL,
	"available_at" timestamp with time zone DEFAULT now() NOT NULL,
	"last_error" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "outbox_status_known" CHECK ("outbox"."status" in ('pending', 'sending', 'sent', 'dead'))
);
--> statement-breakpoint
ALTER TABLE "outbox" ENABLE ROW LEVEL SECURITY;--> statement-breakpoint
CREATE TABLE "sessions" (
	"id" text PRIMARY KEY NOT NULL,
	"user_id" uuid NOT NULL,
	"shop_id" uuid NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"expires_at" timestamp with time zone NOT NULL,
	"user_agent" text
);
--> statement-breakpoint
ALTER TABLE "sessions" ENABLE ROW LEVEL SECURITY;--> statement-breakpoint
CREATE TABLE "shop_counters" (
	"shop_id" uuid NOT NULL,
	"kind" text NOT NULL,
	"last_value" integer NOT NULL,
	CONSTRAINT "shop_counters_shop_id_kind_pk" PRIMARY KEY("shop_id","kind")
);
--> statement-breakpoint
ALTER TABLE "shop_counters" ENABLE ROW LEVEL SECURITY;--> statement-breakpoint
CREATE TABLE "shops" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"name" text NOT NULL,
	"currency" text NOT NULL,
	"time_zone" text NOT NULL,
	"locale" text NOT NULL,
	"country" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "shops_currency_iso" CHECK ("shops"."currency" ~ '^[A-Z]{3}$'),
	CONSTRAINT "shops_locale_known" CHECK ("shops"."locale" in ('en-GB', 'en-AU', 'en-US')),
	CONSTRAINT "shops_country_iso" CHECK ("shops"."country" ~ '^[A-Z]{2}$')
);
--> statement-breakpoint
ALTER TABLE "shops" ENABLE ROW LEVEL SECURITY;--> statement-breakpoint
CREATE TABLE "users" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"shop_id" uuid NOT NULL,
	"name" text NOT NULL,
	"email" text NOT NULL,
	"password_hash" text NOT NULL,
	"role" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "users_shop_id_id_unique" UNIQUE("shop_id","id"),
	CONSTRAINT "users_role_known" CHECK ("users"."role" in ('owner', 'manager', 'staff'))
);
--> statement-breakpoint
ALTER TABLE "users" ENABLE ROW LEVEL SECURITY;--> statement-breakpoint
ALTER TABLE "bespoke_job_stages" ADD CONSTRAINT "bespoke_job_stages_actor_id_users_id_fk" FOREIGN KEY ("actor_id") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "bespoke_job_stages" ADD CONSTRAINT "bespoke_job_stages_job_fk" FOREIGN KEY ("shop_id","job_id") REFERENCES "public"."bespoke_jobs"("shop_id","id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "bespoke_jobs" ADD CONSTRAINT "bespoke_jobs_shop_id_shops_id_fk" FOREIGN KEY ("shop_id") REFERENCES "public"."shops"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "bespoke_jobs" ADD CONSTRAINT "bespoke_jobs_created_by_users_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "bespoke_jobs" ADD CONSTRAINT "bespoke_jobs_customer_fk" FOREIGN KEY ("shop_id","customer_id") REFERENCES "public"."customers"("shop_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "customers" ADD CONSTRAINT "customers_shop_id_shops_id_fk" FOREIGN KEY ("shop_id") REFERENCES "public"."shops"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "comments" ADD CONSTRAINT "comments_shop_id_shops_id_fk" FOREIGN KEY ("shop_id") REFERENCES "public"."shops"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "comments" ADD CONSTRAINT "comments_author_id_users_id_fk" FOREIGN KEY ("author_id") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "comments" ADD CONSTRAINT "comments_bespoke_job_fk" FOREIGN KEY ("shop_id","bespoke_job_id") REFERENCES "public"."bespoke_jobs"("shop_id","id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "payments" ADD CONSTRAINT "payments_shop_id_shops_id_fk" FOREIGN KEY ("shop_id") REFERENCES "public"."shops"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "payments" ADD CONSTRAINT "payments_recorded_by_users_id_fk" FOREIGN KEY ("recorded_by") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "payments" ADD CONSTRAINT "payments_customer_fk" FOREIGN KEY ("shop_id","customer_id") REFERENCES "public"."customers"("shop_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "payments" ADD CONSTRAINT "payments_bespoke_job_fk" FOREIGN KEY ("shop_id","bespoke_job_id") REFERENCES "public"."bespoke_jobs"("shop_id","id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "outbox" ADD CONSTRAINT "outbox_shop_id_shops_id_fk" FOREIGN KEY ("shop_id") REFERENCES "public"."shops"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "sessions" ADD CONSTRAINT "sessions_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "sessions" ADD CONSTRAINT "sessions_shop_id_shops_id_fk" FOREIGN KEY ("shop_id") REFERENCES "public"."shops"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "shop_counters" ADD CONSTRAINT "shop_counters_shop_id_shops_id_fk" FOREIGN KEY ("shop_id") REFERENCES "public"."shops"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "users" ADD CONSTRAINT "users_shop_id_shops_id_fk" FOREIGN KEY ("shop_id") REFERENCES "public"."shops"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "bespoke_job_stages_job_idx" ON "bespoke_job_stages" USING btree ("job_id","at");--> statement-breakpoint
CREATE UNIQUE INDEX "bespoke_jobs_shop_reference_unique" ON "bespoke_jobs" USING btree ("shop_id","reference");--> statement-breakpoint
CREATE UNIQUE INDEX "bespoke_jobs_tracking_code_unique" ON "bespoke_jobs" USING btree ("tracking_code");--> statement-breakpoint
CREATE INDEX "bespoke_jobs_shop_stage_idx" ON "bespoke_jobs" USING btree ("shop_id","stage");--> statement-breakpoint
CREATE INDEX "bespoke_jobs_customer_idx" ON "bespoke_jobs" USING btree ("shop_id","customer_id");--> statement-breakpoint
CREATE INDEX "customers_shop_name_idx" ON "customers" USING btree ("shop_id","name");--> statement-breakpoint
CREATE INDEX "comments_bespoke_job_idx" ON "comments" USING btree ("bespoke_job_id","created_at");--> statement-breakpoint
CREATE INDEX "payments_bespoke_job_idx" ON "payments" USING btree ("bespoke_job_id");--> statement-breakpoint
CREATE INDEX "payments_customer_idx" ON "payments" USING btree ("shop_id","customer_id");--> statement-breakpoint
CREATE UNIQUE INDEX "outbox_idempotency_key_unique" ON "outbox" USING btree ("idempotency_key");--> statement-breakpoint
CREATE INDEX "outbox_pending_idx" ON "outbox" USING btree ("available_at") WHERE "outbox"."status" = 'pending';--> statement-breakpoint
CREATE INDEX "outbox_job_idx" ON "outbox" USING btree ("job_id");--> statement-breakpoint
CREATE INDEX "sessions_user_idx" ON "sessions" USING btree ("user_id");--> statement-breakpoint
CREATE UNIQUE INDEX "users_email_unique" ON "users" USING btree (lower("email"));--> statement-breakpoint
CREATE POLICY "tenant_isolation" ON "bespoke_job_stages" AS PERMISSIVE FOR ALL TO "loupe_app" USING ("shop_id" = current_setting('app.tenant_id', true)::uuid) WITH CHECK ("shop_id" = current_setting('app.tenant_id', true)::uuid);--> statement-breakpoint
CREATE POLICY "tenant_isolation" ON "bespoke_jobs" AS PERMISSIVE FOR ALL TO "loupe_app" USING ("shop_id" = current_setting('app.tenant_id', true)::uuid) WITH CHECK ("shop_id" = current_setting('app.tenant_id', true)::uuid);--> statement-breakpoint
CREATE POLICY "tenant_isolation" ON "customers" AS PERMISSIVE FOR ALL TO "loupe_app" USING ("shop_id" = current_setting('app.tenant_id', true)::uuid) WITH CHECK ("shop_id" = current_setting('app.tenant_id', true)::uuid);--> statement-breakpoint
CREATE POLICY "tenant_isolation" ON "comments" AS PERMISSIVE FOR ALL TO "loupe_app" USING ("shop_id" = current_setting('app.tenant_id', true)::uuid) WITH CHECK ("shop_id" = current_setting('app.tenant_id', true)::uuid);--> statement-breakpoint
CREATE POLICY "tenant_isolation" ON "payments" AS PERMISSIVE FOR ALL TO "loupe_app" USING ("shop_id" = current_setting('app.tenant_id', true)::uuid) WITH CHECK ("shop_id" = current_setting('app.tenant_id', true)::uuid);--> statement-breakpoint
CREATE POLICY "tenant_isolation" ON "outbox" AS PERMISSIVE FOR ALL TO "loupe_app" USING ("shop_id" = current_setting('app.tenant_id', true)::uuid) WITH CHECK ("shop_id" = current_setting('app.tenant_id', true)::uuid);--> statement-breakpoint
CREATE POLICY "tenant_isolation" ON "sessions" AS PERMISSIVE FOR ALL TO "loupe_app" USING ("shop_id" = current_setting('app.tenant_id', true)::uuid) WITH CHECK ("shop_id" = current_setting('app.tenant_id', true)::uuid);--> statement-breakpoint
CREATE POLICY "tenant_isolation" ON "shop_counters" AS PERMISSIVE FOR ALL TO "loupe_app" USING ("shop_id" = current_setting('app.tenant_id', true)::uuid) WITH CHECK ("shop_id" = current_setting('app.tenant_id', true)::uuid);--> statement-breakpoint
CREATE POLICY "tenant_isolation" ON "shops" AS PERMISSIVE FOR ALL TO "loupe_app" USING ("id" = current_setting('app.tenant_id', true)::uuid) WITH CHECK ("id" = current_setting('app.tenant_id', true)::uuid);--> statement-breakpoint
CREATE POLICY "tenant_isolation" ON "users" AS PERMISSIVE FOR ALL TO "loupe_app" USING ("shop_id" = current_setting('app.tenant_id', true)::uuid) WITH CHECK ("shop_id" = current_setting('app.tenant_id', true)::uuid);