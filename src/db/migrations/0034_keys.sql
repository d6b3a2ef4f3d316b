CREATE TABLE "passport_register" (
	"number" text PRIMARY KEY NOT NULL,
	"passport_id" uuid NOT NULL,
	"shop_id" uuid NOT NULL
);
--> statement-breakpoint
ALTER TABLE "passport_register" ENABLE ROW LEVEL SECURITY;--> statement-breakpoint
ALTER TABLE "appointments" DROP CONSTRAINT "appointments_shop_id_id_unique";--> statement-breakpoint
ALTER TABLE "calendar_feeds" DROP CONSTRAINT "calendar_feeds_shop_id_id_unique";--> statement-breakpoint
ALTER TABLE "customers" DROP CONSTRAINT "customers_shop_id_id_unique";--> statement-breakpoint
ALTER TABLE "enquiries" DROP CONSTRAINT "enquiries_shop_id_id_unique";--> statement-breakpoint
ALTER TABLE "jobs" DROP CONSTRAINT "jobs_shop_id_id_unique";--> statement-breakpoint
ALTER TABLE "memo_contacts" DROP CONSTRAINT "memo_contacts_shop_id_id_unique";--> statement-breakpoint
ALTER TABLE "memo_items" DROP CONSTRAINT "memo_items_shop_id_id_unique";--> statement-breakpoint
ALTER TABLE "memos" DROP CONSTRAINT "memos_shop_id_id_unique";--> statement-breakpoint
ALTER TABLE "passports" DROP CONSTRAINT "passports_shop_id_id_unique";--> statement-breakpoint
DROP INDEX "calendar_feeds_token_hash_unique";--> statement-breakpoint
DROP INDEX "jobs_tracking_code_unique";--> statement-breakpoint
DROP INDEX "outbox_attachments_outbox_idx";--> statement-breakpoint
DROP INDEX "passport_keys_kid_unique";--> statement-breakpoint
DROP INDEX "passports_number_unique";--> statement-breakpoint
DROP INDEX "staff_invites_token_unique";--> statement-breakpoint
DROP INDEX "outbox_idempotency_key_unique";--> statement-breakpoint
DROP INDEX "design_reviews_job_version_unique";--> statement-breakpoint
ALTER TABLE "appraisal_stones" ADD CONSTRAINT "appraisal_stones_pkey" PRIMARY KEY("shop_id","id");--> statement-breakpoint
ALTER TABLE "attachments" ADD CONSTRAINT "attachments_pkey" PRIMARY KEY("shop_id","id");--> statement-breakpoint
ALTER TABLE "appointments" ADD CONSTRAINT "appointments_pkey" PRIMARY KEY("shop_id","id");--> statement-breakpoint
ALTER TABLE "calendar_feeds" ADD CONSTRAINT "calendar_feeds_pkey" PRIMARY KEY("shop_id","id");--> statement-breakpoint
ALTER TABLE "customer_merges" ADD CONSTRAINT "customer_merges_pkey" PRIMARY KEY("shop_id","id");--> statement-breakpoint
ALTER TABLE "customers" ADD CONSTRAINT "customers_pkey" PRIMARY KEY("shop_id","id");--> statement-breakpoint
ALTER TABLE "enquiries" ADD CONSTRAINT "enquiries_pkey" PRIMARY KEY("shop_id","id");--> statement-breakpoint
ALTER TABLE "enquiry_images" ADD CONSTRAINT "enquiry_images_pkey" PRIMARY KEY("shop_id","id");--> statement-breakpoint
ALTER TABLE "enquiry_replies" ADD CONSTRAINT "enquiry_replies_pkey" PRIMARY KEY("shop_id","id");--> statement-breakpoint
ALTER TABLE "job_stages" ADD CONSTRAINT "job_stages_pkey" PRIMARY KEY("shop_id","id");--> statement-breakpoint
ALTER TABLE "jobs" ADD CONSTRAINT "jobs_pkey" PRIMARY KEY("shop_id","id");--> statement-breakpoint
ALTER TABLE "comments" ADD CONSTRAINT "comments_pkey" PRIMARY KEY("shop_id","id");--> statement-breakpoint
ALTER TABLE "payments" ADD CONSTRAINT "payments_pkey" PRIMARY KEY("shop_id","id");--> statement-breakpoint
ALTER TABLE "memo_contacts" ADD CONSTRAINT "memo_contacts_pkey" PRIMARY KEY("shop_id","id");--> statement-breakpoint
ALTER TABLE "memo_items" ADD CONSTRAINT "memo_items_pkey" PRIMARY KEY("shop_id","id");--> statement-breakpoint
ALTER TABLE "memos" ADD CONSTRAINT "memos_pkey" PRIMARY KEY("shop_id","id");--> statement-breakpoint
ALTER TABLE "outbox" ADD CONSTRAINT "outbox_pkey" PRIMARY KEY("shop_id","id");--> statement-breakpoint
ALTER TABLE "passport_transfers" ADD CONSTRAINT "passport_transfers_pkey" PRIMARY KEY("shop_id","id");--> statement-breakpoint
ALTER TABLE "passports" ADD CONSTRAINT "passports_pkey" PRIMARY KEY("shop_id","id");--> statement-breakpoint
ALTER TABLE "repair_work_lines" ADD CONSTRAINT "repair_work_lines_pkey" PRIMARY KEY("shop_id","id");--> statement-breakpoint
ALTER TABLE "design_reviews" ADD CONSTRAINT "design_reviews_pkey" PRIMARY KEY("shop_id","id");--> statement-breakpoint
ALTER TABLE "job_messages" ADD CONSTRAINT "job_messages_pkey" PRIMARY KEY("shop_id","id");--> statement-breakpoint
ALTER TABLE "passport_register" ADD CONSTRAINT "passport_register_shop_id_shops_id_fk" FOREIGN KEY ("shop_id") REFERENCES "public"."shops"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "passport_register_passport_unique" ON "passport_register" USING btree ("passport_id");--> statement-breakpoint
ALTER TABLE "appraisal_details" ADD CONSTRAINT "appraisal_details_job_fk" FOREIGN KEY ("shop_id","job_id") REFERENCES "public"."jobs"("shop_id","id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "bespoke_details" ADD CONSTRAINT "bespoke_details_job_fk" FOREIGN KEY ("shop_id","job_id") REFERENCES "public"."jobs"("shop_id","id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "appointments" ADD CONSTRAINT "appointments_customer_fk" FOREIGN KEY ("shop_id","customer_id") REFERENCES "public"."customers"("shop_id","id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "appointments" ADD CONSTRAINT "appointments_job_fk" FOREIGN KEY ("shop_id","job_id") REFERENCES "public"."jobs"("shop_id","id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "customer_merges" ADD CONSTRAINT "customer_merges_into_fk" FOREIGN KEY ("shop_id","into_id") REFERENCES "public"."customers"("shop_id","id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "enquiries" ADD CONSTRAINT "enquiries_customer_fk" FOREIGN KEY ("shop_id","customer_id") REFERENCES "public"."customers"("shop_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "enquiry_images" ADD CONSTRAINT "enquiry_images_enquiry_fk" FOREIGN KEY ("shop_id","enquiry_id") REFERENCES "public"."enquiries"("shop_id","id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "enquiry_replies" ADD CONSTRAINT "enquiry_replies_enquiry_fk" FOREIGN KEY ("shop_id","enquiry_id") REFERENCES "public"."enquiries"("shop_id","id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "jobs" ADD CONSTRAINT "jobs_customer_fk" FOREIGN KEY ("shop_id","customer_id") REFERENCES "public"."customers"("shop_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "comments" ADD CONSTRAINT "comments_job_fk" FOREIGN KEY ("shop_id","job_id") REFERENCES "public"."jobs"("shop_id","id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "payments" ADD CONSTRAINT "payments_customer_fk" FOREIGN KEY ("shop_id","customer_id") REFERENCES "public"."customers"("shop_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "payments" ADD CONSTRAINT "payments_job_fk" FOREIGN KEY ("shop_id","job_id") REFERENCES "public"."jobs"("shop_id","id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "memo_items" ADD CONSTRAINT "memo_items_memo_fk" FOREIGN KEY ("shop_id","memo_id") REFERENCES "public"."memos"("shop_id","id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "memos" ADD CONSTRAINT "memos_contact_fk" FOREIGN KEY ("shop_id","contact_id") REFERENCES "public"."memo_contacts"("shop_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "outbox" ADD CONSTRAINT "outbox_job_fk" FOREIGN KEY ("shop_id","job_id") REFERENCES "public"."jobs"("shop_id","id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "outbox_attachments" ADD CONSTRAINT "outbox_attachments_outbox_fk" FOREIGN KEY ("shop_id","outbox_id") REFERENCES "public"."outbox"("shop_id","id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "passport_events" ADD CONSTRAINT "passport_events_passport_fk" FOREIGN KEY ("shop_id","passport_id") REFERENCES "public"."passports"("shop_id","id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "passport_job_links" ADD CONSTRAINT "passport_job_links_job_fk" FOREIGN KEY ("shop_id","job_id") REFERENCES "public"."jobs"("shop_id","id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "passport_job_links" ADD CONSTRAINT "passport_job_links_passport_fk" FOREIGN KEY ("shop_id","passport_id") REFERENCES "public"."passports"("shop_id","id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "passport_owners" ADD CONSTRAINT "passport_owners_passport_fk" FOREIGN KEY ("shop_id","passport_id") REFERENCES "public"."passports"("shop_id","id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "passport_photos" ADD CONSTRAINT "passport_photos_passport_fk" FOREIGN KEY ("shop_id","passport_id") REFERENCES "public"."passports"("shop_id","id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "passport_photos" ADD CONSTRAINT "passport_photos_attachment_fk" FOREIGN KEY ("shop_id","attachment_id") REFERENCES "public"."attachments"("shop_id","id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "passport_stones" ADD CONSTRAINT "passport_stones_passport_fk" FOREIGN KEY ("shop_id","passport_id") REFERENCES "public"."passports"("shop_id","id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "passport_transfers" ADD CONSTRAINT "passport_transfers_passport_fk" FOREIGN KEY ("shop_id","passport_id") REFERENCES "public"."passports"("shop_id","id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "passports" ADD CONSTRAINT "passports_job_fk" FOREIGN KEY ("shop_id","job_id") REFERENCES "public"."jobs"("shop_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "repair_details" ADD CONSTRAINT "repair_details_job_fk" FOREIGN KEY ("shop_id","job_id") REFERENCES "public"."jobs"("shop_id","id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "report_jobs" ADD CONSTRAINT "report_jobs_job_fk" FOREIGN KEY ("shop_id","job_id") REFERENCES "public"."jobs"("shop_id","id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "report_stays" ADD CONSTRAINT "report_stays_job_fk" FOREIGN KEY ("shop_id","job_id") REFERENCES "public"."jobs"("shop_id","id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "design_reviews" ADD CONSTRAINT "design_reviews_job_fk" FOREIGN KEY ("shop_id","job_id") REFERENCES "public"."jobs"("shop_id","id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "job_messages" ADD CONSTRAINT "job_messages_job_fk" FOREIGN KEY ("shop_id","job_id") REFERENCES "public"."jobs"("shop_id","id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "attachments_id_idx" ON "attachments" USING btree ("id");--> statement-breakpoint
CREATE INDEX "calendar_feeds_token_hash_idx" ON "calendar_feeds" USING btree ("token_hash");--> statement-breakpoint
CREATE INDEX "jobs_tracking_code_idx" ON "jobs" USING btree ("tracking_code");--> statement-breakpoint
CREATE UNIQUE INDEX "passports_shop_number_unique" ON "passports" USING btree ("shop_id","number");--> statement-breakpoint
CREATE INDEX "staff_invites_token_idx" ON "staff_invites" USING btree ("token_hash");--> statement-breakpoint
CREATE UNIQUE INDEX "outbox_idempotency_key_unique" ON "outbox" USING btree ("shop_id","idempotency_key");--> statement-breakpoint
CREATE UNIQUE INDEX "design_reviews_job_version_unique" ON "design_reviews" USING btree ("shop_id","job_id","renders_key");--> statement-breakpoint
CREATE POLICY "tenant_isolation" ON "passport_register" AS PERMISSIVE FOR ALL TO "loupe_app" USING ("shop_id" = nullif(current_setting('app.tenant_id', true), '')::uuid) WITH CHECK ("shop_id" = nullif(current_setting('app.tenant_id', true), '')::uuid);
--> statement-breakpoint
-- hand-written below
-- The register starts with every passport issued so far; the application may add to it, never change or remove a row.
INSERT INTO "passport_register" ("number", "passport_id", "shop_id") SELECT "number", "id", "shop_id" FROM "passports";--> statement-breakpoint
REVOKE UPDATE, DELETE ON "passport_register" FROM loupe_app;
--> statement-breakpoint
-- The per-day counts name their history rows by the key, (shop_id, id): by id alone, a write of history
-- by the owner (a bulk load, the benchmark's raw baseline), whom row-level security does not narrow to
-- one shop, would read every shop's history to find them.
CREATE FUNCTION report_count_days(p_shops uuid[], p_rows uuid[]) RETURNS void LANGUAGE sql AS $$
  INSERT INTO report_stage_days AS d (shop_id, kind, day, stage, entered, "left")
  SELECT h.shop_id, h.kind, (h.at AT TIME ZONE z.time_zone)::date, v.stage, sum(v.e)::int, sum(v.l)::int
  FROM job_stages h JOIN shops z ON z.id = h.shop_id CROSS JOIN LATERAL (VALUES (h.stage, 1, 0), (h.from_stage, 0, 1)) AS v(stage, e, l)
  WHERE h.shop_id = ANY(p_shops) AND h.id = ANY(p_rows) AND v.stage IS NOT NULL
  GROUP BY 1, 2, 3, 4 ORDER BY 1, 2, 3, 4
  ON CONFLICT (shop_id, kind, day, stage) DO UPDATE SET entered = d.entered + excluded.entered, "left" = d."left" + excluded."left";
  INSERT INTO report_staff_days AS d (shop_id, actor_id, day, moves, completions)
  SELECT h.shop_id, h.actor_id, (h.at AT TIME ZONE z.time_zone)::date, count(*)::int, count(*) FILTER (WHERE h.stage = p.ready)::int
  FROM job_stages h JOIN shops z ON z.id = h.shop_id JOIN report_pipelines p ON p.kind = h.kind
  WHERE h.shop_id = ANY(p_shops) AND h.id = ANY(p_rows) AND h.actor_id IS NOT NULL
  GROUP BY 1, 2, 3 ORDER BY 1, 2, 3
  ON CONFLICT (shop_id, actor_id, day) DO UPDATE SET moves = d.moves + excluded.moves, completions = d.completions + excluded.completions;
$$;--> statement-breakpoint
CREATE OR REPLACE FUNCTION report_recount_days(p_shop uuid) RETURNS void LANGUAGE sql AS $$
  DELETE FROM report_stage_days WHERE shop_id = p_shop;
  DELETE FROM report_staff_days WHERE shop_id = p_shop;
  SELECT report_count_days(ARRAY[p_shop], ARRAY(SELECT h.id FROM job_stages h WHERE h.shop_id = p_shop));
$$;--> statement-breakpoint
CREATE OR REPLACE FUNCTION report_jobs_on_history() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM report_refresh_jobs(ARRAY(SELECT DISTINCT a.job_id FROM added a));
  PERFORM report_count_days(ARRAY(SELECT DISTINCT a.shop_id FROM added a), ARRAY(SELECT a.id FROM added a));
  RETURN NULL;
END
$$;--> statement-breakpoint
DROP FUNCTION report_count_days(uuid[]);
