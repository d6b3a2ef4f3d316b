CREATE TABLE "attachments" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"seq" bigint GENERATED ALWAYS AS IDENTITY (sequence name "attachments_seq_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1),
	"shop_id" uuid NOT NULL,
	"job_kind" text NOT NULL,
	"bespoke_job_id" uuid,
	"stage" text NOT NULL,
	"caption" text,
	"customer_visible" boolean DEFAULT false NOT NULL,
	"added_by" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"content_type" text NOT NULL,
	"bytes" bigint NOT NULL,
	"width" integer,
	"height" integer,
	"file_name" text,
	"original_key" text NOT NULL,
	"display_key" text,
	"thumb_key" text NOT NULL,
	"thumb_content_type" text NOT NULL,
	CONSTRAINT "attachments_job_kind_known" CHECK ("attachments"."job_kind" in ('bespoke')),
	CONSTRAINT "attachments_one_job" CHECK (("attachments"."job_kind" = 'bespoke') = ("attachments"."bespoke_job_id" is not null)),
	CONSTRAINT "attachments_bespoke_stage_check" CHECK ("attachments"."job_kind" <> 'bespoke' or ("attachments"."stage" in ('enquiry', 'consultation', 'deposit_received', 'stone_sourcing', 'cad', 'approval', 'setting', 'polish', 'ready', 'collected', 'cancelled', 'on_hold'))),
	CONSTRAINT "attachments_content_type_known" CHECK ("attachments"."content_type" in ('image/jpeg', 'image/png', 'image/webp', 'image/heic', 'image/heif', 'application/pdf')),
	CONSTRAINT "attachments_bytes_positive" CHECK ("attachments"."bytes" > 0),
	CONSTRAINT "attachments_caption_length" CHECK (length("attachments"."caption") <= 500)
);
--> statement-breakpoint
ALTER TABLE "attachments" ENABLE ROW LEVEL SECURITY;--> statement-breakpoint
CREATE TABLE "server_secrets" (
	"name" text PRIMARY KEY NOT NULL,
	"value" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "server_secrets" ENABLE ROW LEVEL SECURITY;--> statement-breakpoint
ALTER TABLE "attachments" ADD CONSTRAINT "attachments_shop_id_shops_id_fk" FOREIGN KEY ("shop_id") REFERENCES "public"."shops"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "attachments" ADD CONSTRAINT "attachments_added_by_users_id_fk" FOREIGN KEY ("added_by") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "attachments" ADD CONSTRAINT "attachments_bespoke_job_fk" FOREIGN KEY ("shop_id","bespoke_job_id") REFERENCES "public"."bespoke_jobs"("shop_id","id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "attachments_bespoke_job_idx" ON "attachments" USING btree ("bespoke_job_id","seq");--> statement-breakpoint
CREATE INDEX "attachments_bespoke_latest_image_idx" ON "attachments" USING btree ("bespoke_job_id","seq" DESC NULLS LAST) WHERE "attachments"."content_type" <> 'application/pdf';--> statement-breakpoint
CREATE POLICY "tenant_isolation" ON "attachments" AS PERMISSIVE FOR ALL TO "loupe_app" USING ("shop_id" = current_setting('app.tenant_id', true)::uuid) WITH CHECK ("shop_id" = current_setting('app.tenant_id', true)::uuid);