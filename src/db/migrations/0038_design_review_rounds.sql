DROP INDEX "design_reviews_job_version_unique";--> statement-breakpoint
ALTER TABLE "design_reviews" ADD COLUMN "round_id" uuid;--> statement-breakpoint
-- A decision already made belongs to the job's last arrival at a stage before it: the move that brought the
-- job to the review stage (a note written at the stage, from_stage = stage, is not an arrival; a change
-- request's own move back shares the decision's time and is not before it). A decision with none is its own round.
UPDATE "design_reviews" r SET "round_id" = coalesce(
  (SELECT s."id" FROM "job_stages" s
    WHERE s."shop_id" = r."shop_id" AND s."job_id" = r."job_id" AND s."from_stage" IS DISTINCT FROM s."stage" AND s."at" < r."at"
    ORDER BY s."seq" DESC LIMIT 1),
  r."id");--> statement-breakpoint
ALTER TABLE "design_reviews" ALTER COLUMN "round_id" SET NOT NULL;--> statement-breakpoint
CREATE UNIQUE INDEX "design_reviews_job_round_version_unique" ON "design_reviews" USING btree ("shop_id","job_id","round_id","renders_key");
