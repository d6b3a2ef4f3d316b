CREATE TABLE "outbox_attachments" (
	"shop_id" uuid NOT NULL,
	"outbox_id" uuid NOT NULL,
	"position" integer NOT NULL,
	"file_name" text NOT NULL,
	"content_type" text NOT NULL,
	"content_base64" text NOT NULL,
	CONSTRAINT "outbox_attachments_shop_id_outbox_id_position_pk" PRIMARY KEY("shop_id","outbox_id","position")
);
--> statement-breakpoint
ALTER TABLE "outbox_attachments" ENABLE ROW LEVEL SECURITY;--> statement-breakpoint
CREATE TABLE "passport_job_links" (
	"shop_id" uuid NOT NULL,
	"job_id" uuid NOT NULL,
	"passport_id" uuid NOT NULL,
	"linked_by" uuid,
	"linked_at" timestamp with time zone NOT NULL,
	"event_seq" integer,
	CONSTRAINT "passport_job_links_shop_id_job_id_pk" PRIMARY KEY("shop_id","job_id")
);
--> statement-breakpoint
ALTER TABLE "passport_job_links" ENABLE ROW LEVEL SECURITY;--> statement-breakpoint
ALTER TABLE "outbox_attachments" ADD CONSTRAINT "outbox_attachments_outbox_id_outbox_id_fk" FOREIGN KEY ("outbox_id") REFERENCES "public"."outbox"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "passport_job_links" ADD CONSTRAINT "passport_job_links_linked_by_users_id_fk" FOREIGN KEY ("linked_by") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "passport_job_links" ADD CONSTRAINT "passport_job_links_job_fk" FOREIGN KEY ("shop_id","job_id") REFERENCES "public"."jobs"("shop_id","id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "passport_job_links" ADD CONSTRAINT "passport_job_links_passport_fk" FOREIGN KEY ("shop_id","passport_id") REFERENCES "public"."passports"("shop_id","id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "passport_job_links" ADD CONSTRAINT "passport_job_links_event_fk" FOREIGN KEY ("shop_id","passport_id","event_seq") REFERENCES "public"."passport_events"("shop_id","passport_id","seq") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "outbox_attachments_outbox_idx" ON "outbox_attachments" USING btree ("outbox_id");--> statement-breakpoint
CREATE INDEX "passport_job_links_passport_idx" ON "passport_job_links" USING btree ("shop_id","passport_id");--> statement-breakpoint
CREATE POLICY "tenant_isolation" ON "outbox_attachments" AS PERMISSIVE FOR ALL TO "loupe_app" USING ("shop_id" = nullif(current_setting('app.tenant_id', true), '')::uuid) WITH CHECK ("shop_id" = nullif(current_setting('app.tenant_id', true), '')::uuid);--> statement-breakpoint
CREATE POLICY "tenant_isolation" ON "passport_job_links" AS PERMISSIVE FOR ALL TO "loupe_app" USING ("shop_id" = nullif(current_setting('app.tenant_id', true), '')::uuid) WITH CHECK ("shop_id" = nullif(current_setting('app.tenant_id', true), '')::uuid);