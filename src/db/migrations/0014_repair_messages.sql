ALTER TABLE "job_messages" ALTER COLUMN "bespoke_job_id" DROP NOT NULL;--> statement-breakpoint
ALTER TABLE "job_messages" ADD COLUMN "repair_job_id" uuid;--> statement-breakpoint
ALTER TABLE "job_messages" ADD CONSTRAINT "job_messages_repair_job_fk" FOREIGN KEY ("shop_id","repair_job_id") REFERENCES "public"."repair_jobs"("shop_id","id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "job_messages_repair_job_idx" ON "job_messages" USING btree ("repair_job_id","seq");--> statement-breakpoint
CREATE INDEX "job_messages_repair_unread_idx" ON "job_messages" USING btree ("shop_id","repair_job_id") WHERE "job_messages"."read_at" is null;--> statement-breakpoint
ALTER TABLE "job_messages" ADD CONSTRAINT "job_messages_one_job" CHECK (num_nonnulls("job_messages"."bespoke_job_id", "job_messages"."repair_job_id") = 1);