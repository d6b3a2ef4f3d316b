DROP INDEX "bespoke_job_stages_job_idx";--> statement-breakpoint
DROP INDEX "comments_bespoke_job_idx";--> statement-breakpoint
ALTER TABLE "bespoke_job_stages" ADD COLUMN "seq" bigint NOT NULL GENERATED ALWAYS AS IDENTITY (sequence name "bespoke_job_stages_seq_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1);--> statement-breakpoint
ALTER TABLE "comments" ADD COLUMN "seq" bigint NOT NULL GENERATED ALWAYS AS IDENTITY (sequence name "comments_seq_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1);--> statement-breakpoint
ALTER TABLE "payments" ADD COLUMN "seq" bigint NOT NULL GENERATED ALWAYS AS IDENTITY (sequence name "payments_seq_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1);--> statement-breakpoint
CREATE INDEX "bespoke_job_stages_job_idx" ON "bespoke_job_stages" USING btree ("job_id","seq");--> statement-breakpoint
CREATE INDEX "comments_bespoke_job_idx" ON "comments" USING btree ("bespoke_job_id","seq");