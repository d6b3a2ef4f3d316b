ALTER TABLE "attachments" DROP CONSTRAINT "attachments_added_by_users_id_fk";
--> statement-breakpoint
ALTER TABLE "appointments" DROP CONSTRAINT "appointments_created_by_users_id_fk";
--> statement-breakpoint
ALTER TABLE "customer_merges" DROP CONSTRAINT "customer_merges_merged_by_users_id_fk";
--> statement-breakpoint
ALTER TABLE "enquiry_replies" DROP CONSTRAINT "enquiry_replies_author_id_users_id_fk";
--> statement-breakpoint
ALTER TABLE "job_stages" DROP CONSTRAINT "job_stages_actor_id_users_id_fk";
--> statement-breakpoint
ALTER TABLE "jobs" DROP CONSTRAINT "jobs_created_by_users_id_fk";
--> statement-breakpoint
ALTER TABLE "comments" DROP CONSTRAINT "comments_author_id_users_id_fk";
--> statement-breakpoint
ALTER TABLE "payments" DROP CONSTRAINT "payments_recorded_by_users_id_fk";
--> statement-breakpoint
ALTER TABLE "payments" DROP CONSTRAINT "payments_voided_by_users_id_fk";
--> statement-breakpoint
ALTER TABLE "memo_items" DROP CONSTRAINT "memo_items_settled_by_users_id_fk";
--> statement-breakpoint
ALTER TABLE "memos" DROP CONSTRAINT "memos_created_by_users_id_fk";
--> statement-breakpoint
ALTER TABLE "passport_events" DROP CONSTRAINT "passport_events_recorded_by_users_id_fk";
--> statement-breakpoint
ALTER TABLE "passport_job_links" DROP CONSTRAINT "passport_job_links_linked_by_users_id_fk";
--> statement-breakpoint
ALTER TABLE "passports" DROP CONSTRAINT "passports_issued_by_users_id_fk";
--> statement-breakpoint
ALTER TABLE "sessions" DROP CONSTRAINT "sessions_user_id_users_id_fk";
--> statement-breakpoint
ALTER TABLE "staff_invites" DROP CONSTRAINT "staff_invites_invited_by_users_id_fk";
--> statement-breakpoint
ALTER TABLE "job_messages" DROP CONSTRAINT "job_messages_author_id_users_id_fk";
--> statement-breakpoint
-- hand-written: a member named on a row of another shop cannot be kept under the keys below. None is
-- expected (every write names the acting member, of the shop it writes in); one found is cleared, and a
-- session of a member under another shop's id ended, rather than the upgrade fail.
UPDATE "attachments" x SET "added_by" = NULL WHERE x."added_by" IS NOT NULL AND NOT EXISTS (SELECT 1 FROM "users" u WHERE u."id" = x."added_by" AND u."shop_id" = x."shop_id");--> statement-breakpoint
UPDATE "appointments" x SET "created_by" = NULL WHERE x."created_by" IS NOT NULL AND NOT EXISTS (SELECT 1 FROM "users" u WHERE u."id" = x."created_by" AND u."shop_id" = x."shop_id");--> statement-breakpoint
UPDATE "customer_merges" x SET "merged_by" = NULL WHERE x."merged_by" IS NOT NULL AND NOT EXISTS (SELECT 1 FROM "users" u WHERE u."id" = x."merged_by" AND u."shop_id" = x."shop_id");--> statement-breakpoint
UPDATE "enquiry_replies" x SET "author_id" = NULL WHERE x."author_id" IS NOT NULL AND NOT EXISTS (SELECT 1 FROM "users" u WHERE u."id" = x."author_id" AND u."shop_id" = x."shop_id");--> statement-breakpoint
UPDATE "job_stages" x SET "actor_id" = NULL WHERE x."actor_id" IS NOT NULL AND NOT EXISTS (SELECT 1 FROM "users" u WHERE u."id" = x."actor_id" AND u."shop_id" = x."shop_id");--> statement-breakpoint
UPDATE "jobs" x SET "created_by" = NULL WHERE x."created_by" IS NOT NULL AND NOT EXISTS (SELECT 1 FROM "users" u WHERE u."id" = x."created_by" AND u."shop_id" = x."shop_id");--> statement-breakpoint
UPDATE "comments" x SET "author_id" = NULL WHERE x."author_id" IS NOT NULL AND NOT EXISTS (SELECT 1 FROM "users" u WHERE u."id" = x."author_id" AND u."shop_id" = x."shop_id");--> statement-breakpoint
UPDATE "payments" x SET "recorded_by" = NULL WHERE x."recorded_by" IS NOT NULL AND NOT EXISTS (SELECT 1 FROM "users" u WHERE u."id" = x."recorded_by" AND u."shop_id" = x."shop_id");--> statement-breakpoint
UPDATE "payments" x SET "voided_by" = NULL WHERE x."voided_by" IS NOT NULL AND NOT EXISTS (SELECT 1 FROM "users" u WHERE u."id" = x."voided_by" AND u."shop_id" = x."shop_id");--> statement-breakpoint
UPDATE "memo_items" x SET "settled_by" = NULL WHERE x."settled_by" IS NOT NULL AND NOT EXISTS (SELECT 1 FROM "users" u WHERE u."id" = x."settled_by" AND u."shop_id" = x."shop_id");--> statement-breakpoint
UPDATE "memos" x SET "created_by" = NULL WHERE x."created_by" IS NOT NULL AND NOT EXISTS (SELECT 1 FROM "users" u WHERE u."id" = x."created_by" AND u."shop_id" = x."shop_id");--> statement-breakpoint
UPDATE "passport_events" x SET "recorded_by" = NULL WHERE x."recorded_by" IS NOT NULL AND NOT EXISTS (SELECT 1 FROM "users" u WHERE u."id" = x."recorded_by" AND u."shop_id" = x."shop_id");--> statement-breakpoint
UPDATE "passport_job_links" x SET "linked_by" = NULL WHERE x."linked_by" IS NOT NULL AND NOT EXISTS (SELECT 1 FROM "users" u WHERE u."id" = x."linked_by" AND u."shop_id" = x."shop_id");--> statement-breakpoint
UPDATE "passports" x SET "issued_by" = NULL WHERE x."issued_by" IS NOT NULL AND NOT EXISTS (SELECT 1 FROM "users" u WHERE u."id" = x."issued_by" AND u."shop_id" = x."shop_id");--> statement-breakpoint
UPDATE "staff_invites" x SET "invited_by" = NULL WHERE x."invited_by" IS NOT NULL AND NOT EXISTS (SELECT 1 FROM "users" u WHERE u."id" = x."invited_by" AND u."shop_id" = x."shop_id");--> statement-breakpoint
UPDATE "job_messages" x SET "author_id" = NULL WHERE x."author_id" IS NOT NULL AND NOT EXISTS (SELECT 1 FROM "users" u WHERE u."id" = x."author_id" AND u."shop_id" = x."shop_id");--> statement-breakpoint
DELETE FROM "sessions" x WHERE NOT EXISTS (SELECT 1 FROM "users" u WHERE u."id" = x."user_id" AND u."shop_id" = x."shop_id");--> statement-breakpoint
ALTER TABLE "attachments" ADD CONSTRAINT "attachments_added_by_fk" FOREIGN KEY ("shop_id","added_by") REFERENCES "public"."users"("shop_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "appointments" ADD CONSTRAINT "appointments_created_by_fk" FOREIGN KEY ("shop_id","created_by") REFERENCES "public"."users"("shop_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "customer_merges" ADD CONSTRAINT "customer_merges_merged_by_fk" FOREIGN KEY ("shop_id","merged_by") REFERENCES "public"."users"("shop_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "enquiry_replies" ADD CONSTRAINT "enquiry_replies_author_id_fk" FOREIGN KEY ("shop_id","author_id") REFERENCES "public"."users"("shop_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "job_stages" ADD CONSTRAINT "job_stages_actor_id_fk" FOREIGN KEY ("shop_id","actor_id") REFERENCES "public"."users"("shop_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "jobs" ADD CONSTRAINT "jobs_created_by_fk" FOREIGN KEY ("shop_id","created_by") REFERENCES "public"."users"("shop_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "comments" ADD CONSTRAINT "comments_author_id_fk" FOREIGN KEY ("shop_id","author_id") REFERENCES "public"."users"("shop_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "payments" ADD CONSTRAINT "payments_voided_by_fk" FOREIGN KEY ("shop_id","voided_by") REFERENCES "public"."users"("shop_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "payments" ADD CONSTRAINT "payments_recorded_by_fk" FOREIGN KEY ("shop_id","recorded_by") REFERENCES "public"."users"("shop_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "memo_items" ADD CONSTRAINT "memo_items_settled_by_fk" FOREIGN KEY ("shop_id","settled_by") REFERENCES "public"."users"("shop_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "memos" ADD CONSTRAINT "memos_created_by_fk" FOREIGN KEY ("shop_id","created_by") REFERENCES "public"."users"("shop_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "passport_events" ADD CONSTRAINT "passport_events_recorded_by_fk" FOREIGN KEY ("shop_id","recorded_by") REFERENCES "public"."users"("shop_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "passport_job_links" ADD CONSTRAINT "passport_job_links_linked_by_fk" FOREIGN KEY ("shop_id","linked_by") REFERENCES "public"."users"("shop_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "passports" ADD CONSTRAINT "passports_issued_by_fk" FOREIGN KEY ("shop_id","issued_by") REFERENCES "public"."users"("shop_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "sessions" ADD CONSTRAINT "sessions_user_id_fk" FOREIGN KEY ("shop_id","user_id") REFERENCES "public"."users"("shop_id","id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "staff_invites" ADD CONSTRAINT "staff_invites_invited_by_fk" FOREIGN KEY ("shop_id","invited_by") REFERENCES "public"."users"("shop_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "job_messages" ADD CONSTRAINT "job_messages_author_id_fk" FOREIGN KEY ("shop_id","author_id") REFERENCES "public"."users"("shop_id","id") ON DELETE no action ON UPDATE no action;