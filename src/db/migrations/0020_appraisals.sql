CREATE TABLE "appraisal_details" (
	"shop_id" uuid NOT NULL,
	"job_id" uuid NOT NULL,
	"item_type" text NOT NULL,
	"metal" text,
	"hallmarks" text,
	"weight_grams" numeric(10, 3),
	"purpose" text DEFAULT 'insurance_replacement' NOT NULL,
	"replacement_value_cents" bigint,
	"valuer" text,
	"valuation_date" date,
	CONSTRAINT "appraisal_details_pkey" PRIMARY KEY("shop_id","job_id"),
	CONSTRAINT "appraisal_details_item_type_known" CHECK ("appraisal_details"."item_type" in ('ring', 'necklace', 'bracelet', 'earrings', 'watch', 'brooch', 'loose_stone', 'other')),
	CONSTRAINT "appraisal_details_purpose_known" CHECK ("appraisal_details"."purpose" in ('insurance_replacement', 'probate', 'resale')),
	CONSTRAINT "appraisal_details_weight_check" CHECK (coalesce("appraisal_details"."weight_grams", 0) >= 0),
	CONSTRAINT "appraisal_details_value_check" CHECK (coalesce("appraisal_details"."replacement_value_cents", 0) >= 0)
);
--> statement-breakpoint
ALTER TABLE "appraisal_details" ENABLE ROW LEVEL SECURITY;--> statement-breakpoint
CREATE TABLE "appraisal_stones" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"shop_id" uuid NOT NULL,
	"job_id" uuid NOT NULL,
	"position" integer NOT NULL,
	"kind" text NOT NULL,
	"shape" text,
	"carat" numeric(8, 3),
	"colour" text,
	"clarity" text,
	"measurements" text,
	"certificate_lab" text,
	"certificate_number" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "appraisal_stones_carat_check" CHECK (coalesce("appraisal_stones"."carat", 0) >= 0)
);
--> statement-breakpoint
ALTER TABLE "appraisal_stones" ENABLE ROW LEVEL SECURITY;--> statement-breakpoint
ALTER TABLE "attachments" DROP CONSTRAINT "attachments_job_kind_known";--> statement-breakpoint
ALTER TABLE "attachments" DROP CONSTRAINT "attachments_stage_check";--> statement-breakpoint
ALTER TABLE "job_stages" DROP CONSTRAINT "job_stages_stage_check";--> statement-breakpoint
ALTER TABLE "job_stages" DROP CONSTRAINT "job_stages_from_stage_check";--> statement-breakpoint
ALTER TABLE "jobs" DROP CONSTRAINT "jobs_kind_known";--> statement-breakpoint
ALTER TABLE "jobs" DROP CONSTRAINT "jobs_stage_check";--> statement-breakpoint
ALTER TABLE "jobs" DROP CONSTRAINT "jobs_held_from_stage_check";--> statement-breakpoint
ALTER TABLE "appraisal_details" ADD CONSTRAINT "appraisal_details_job_fk" FOREIGN KEY ("shop_id","job_id") REFERENCES "public"."jobs"("shop_id","id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "appraisal_stones" ADD CONSTRAINT "appraisal_stones_shop_id_shops_id_fk" FOREIGN KEY ("shop_id") REFERENCES "public"."shops"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "appraisal_stones" ADD CONSTRAINT "appraisal_stones_appraisal_fk" FOREIGN KEY ("shop_id","job_id") REFERENCES "public"."appraisal_details"("shop_id","job_id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "appraisal_stones_job_position_idx" ON "appraisal_stones" USING btree ("job_id","position");--> statement-breakpoint
ALTER TABLE "attachments" ADD CONSTRAINT "attachments_job_kind_known" CHECK ("attachments"."job_kind" in ('bespoke', 'repair', 'appraisal'));--> statement-breakpoint
ALTER TABLE "attachments" ADD CONSTRAINT "attachments_stage_check" CHECK (("attachments"."job_kind" = 'bespoke' and "attachments"."stage" in ('enquiry', 'consultation', 'deposit_received', 'stone_sourcing', 'cad', 'approval', 'setting', 'polish', 'ready', 'collected', 'cancelled', 'on_hold')) or ("attachments"."job_kind" = 'repair' and "attachments"."stage" in ('intake', 'assessed', 'quoted', 'approved', 'in_progress', 'ready', 'collected', 'cancelled', 'on_hold')) or ("attachments"."job_kind" = 'appraisal' and "attachments"."stage" in ('requested', 'examining', 'valued', 'report_issued', 'collected', 'cancelled', 'on_hold')));--> statement-breakpoint
ALTER TABLE "job_stages" ADD CONSTRAINT "job_stages_stage_check" CHECK (("job_stages"."kind" = 'bespoke' and "job_stages"."stage" in ('enquiry', 'consultation', 'deposit_received', 'stone_sourcing', 'cad', 'approval', 'setting', 'polish', 'ready', 'collected', 'cancelled', 'on_hold')) or ("job_stages"."kind" = 'repair' and "job_stages"."stage" in ('intake', 'assessed', 'quoted', 'approved', 'in_progress', 'ready', 'collected', 'cancelled', 'on_hold')) or ("job_stages"."kind" = 'appraisal' and "job_stages"."stage" in ('requested', 'examining', 'valued', 'report_issued', 'collected', 'cancelled', 'on_hold')));--> statement-breakpoint
ALTER TABLE "job_stages" ADD CONSTRAINT "job_stages_from_stage_check" CHECK ("job_stages"."from_stage" is null or ("job_stages"."kind" = 'bespoke' and "job_stages"."from_stage" in ('enquiry', 'consultation', 'deposit_received', 'stone_sourcing', 'cad', 'approval', 'setting', 'polish', 'ready', 'collected', 'cancelled', 'on_hold')) or ("job_stages"."kind" = 'repair' and "job_stages"."from_stage" in ('intake', 'assessed', 'quoted', 'approved', 'in_progress', 'ready', 'collected', 'cancelled', 'on_hold')) or ("job_stages"."kind" = 'appraisal' and "job_stages"."from_stage" in ('requested', 'examining', 'valued', 'report_issued', 'collected', 'cancelled', 'on_hold')));--> statement-breakpoint
ALTER TABLE "jobs" ADD CONSTRAINT "jobs_kind_known" CHECK ("jobs"."kind" in ('bespoke', 'repair', 'appraisal'));--> statement-breakpoint
ALTER TABLE "jobs" ADD CONSTRAINT "jobs_stage_check" CHECK (("jobs"."kind" = 'bespoke' and "jobs"."stage" in ('enquiry', 'consultation', 'deposit_received', 'stone_sourcing', 'cad', 'approval', 'setting', 'polish', 'ready', 'collected', 'cancelled', 'on_hold')) or ("jobs"."kind" = 'repair' and "jobs"."stage" in ('intake', 'assessed', 'quoted', 'approved', 'in_progress', 'ready', 'collected', 'cancelled', 'on_hold')) or ("jobs"."kind" = 'appraisal' and "jobs"."stage" in ('requested', 'examining', 'valued', 'report_issued', 'collected', 'cancelled', 'on_hold')));--> statement-breakpoint
ALTER TABLE "jobs" ADD CONSTRAINT "jobs_held_from_stage_check" CHECK ("jobs"."held_from_stage" is null or ("jobs"."kind" = 'bespoke' and "jobs"."held_from_stage" in ('enquiry', 'consultation', 'deposit_received', 'stone_sourcing', 'cad', 'approval', 'setting', 'polish', 'ready', 'collected', 'cancelled', 'on_hold')) or ("jobs"."kind" = 'repair' and "jobs"."held_from_stage" in ('intake', 'assessed', 'quoted', 'approved', 'in_progress', 'ready', 'collected', 'cancelled', 'on_hold')) or ("jobs"."kind" = 'appraisal' and "jobs"."held_from_stage" in ('requested', 'examining', 'valued', 'report_issued', 'collected', 'cancelled', 'on_hold')));--> statement-breakpoint
CREATE POLICY "tenant_isolation" ON "appraisal_details" AS PERMISSIVE FOR ALL TO "loupe_app" USING ("shop_id" = nullif(current_setting('app.tenant_id', true), '')::uuid) WITH CHECK ("shop_id" = nullif(current_setting('app.tenant_id', true), '')::uuid);--> statement-breakpoint
CREATE POLICY "tenant_isolation" ON "appraisal_stones" AS PERMISSIVE FOR ALL TO "loupe_app" USING ("shop_id" = nullif(current_setting('app.tenant_id', true), '')::uuid) WITH CHECK ("shop_id" = nullif(current_setting('app.tenant_id', true), '')::uuid);