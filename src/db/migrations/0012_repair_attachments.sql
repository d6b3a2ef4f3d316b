ALTER TABLE "attachments" DROP CONSTRAINT "attachments_job_kind_known";--> statement-breakpoint
ALTER TABLE "attachments" ADD COLUMN "repair_job_id" uuid;--> statement-breakpoint
ALTER TABLE "attachments" ADD CONSTRAINT "attachments_repair_job_fk" FOREIGN KEY ("shop_id","repair_job_id") REFERENCES "public"."repair_jobs"("shop_id","id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "attachments_repair_job_idx" ON "attachments" USING btree ("repair_job_id","seq");--> statement-breakpoint
CREATE INDEX "attachments_repair_latest_image_idx" ON "attachments" USING btree ("repair_job_id","seq" DESC NULLS LAST) WHERE "attachments"."content_type" <> 'application/pdf';--> statement-breakpoint
ALTER TABLE "attachments" ADD CONSTRAINT "attachments_one_repair_job" CHECK (("attachments"."job_kind" = 'repair') = ("attachments"."repair_job_id" is not null));--> statement-breakpoint
ALTER TABLE "attachments" ADD CONSTRAINT "attachments_repair_stage_check" CHECK ("attachments"."job_kind" <> 'repair' or ("attachments"."stage" in ('intake', 'assessed', 'quoted', 'approved', 'in_progress', 'ready', 'collected', 'cancelled', 'on_hold')));--> statement-breakpoint
ALTER TABLE "attachments" ADD CONSTRAINT "attachments_job_kind_known" CHECK ("attachments"."job_kind" in ('bespoke', 'repair'));