ALTER TABLE "appointments" ADD COLUMN "remind_customer" boolean DEFAULT false NOT NULL;--> statement-breakpoint
ALTER TABLE "outbox" ADD COLUMN "appointment_id" uuid;--> statement-breakpoint
ALTER TABLE "shops" ADD COLUMN "memo_overdue_to" text;--> statement-breakpoint
CREATE INDEX "outbox_appointment_idx" ON "outbox" USING btree ("appointment_id") WHERE "outbox"."appointment_id" is not null;