CREATE TABLE "notification_settings" (
	"shop_id" uuid PRIMARY KEY NOT NULL,
	"events" jsonb NOT NULL,
	"default_channel" text NOT NULL,
	"fallback_channel" text,
	"sender_name" text,
	"sender_email" text,
	"reply_to" text,
	"reminder_days" jsonb NOT NULL,
	"smtp_host" text,
	"smtp_port" integer,
	"smtp_secure" boolean DEFAULT false NOT NULL,
	"smtp_user" text,
	"smtp_password_sealed" text,
	"twilio_account_sid" text,
	"twilio_auth_token_sealed" text,
	"twilio_sms_from" text,
	"twilio_whatsapp_from" text,
	"webhook_url" text,
	"webhook_secret_sealed" text,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "notification_settings_channel_known" CHECK ("notification_settings"."default_channel" in ('customer', 'email', 'sms', 'whatsapp', 'webhook', 'preview')),
	CONSTRAINT "notification_settings_fallback_known" CHECK ("notification_settings"."fallback_channel" is null or "notification_settings"."fallback_channel" in ('email', 'sms', 'whatsapp', 'webhook', 'preview')),
	CONSTRAINT "notification_settings_smtp_port" CHECK ("notification_settings"."smtp_port" is null or "notification_settings"."smtp_port" between 1 and 65535)
);
--> statement-breakpoint
ALTER TABLE "notification_settings" ENABLE ROW LEVEL SECURITY;--> statement-breakpoint
CREATE TABLE "notification_templates" (
	"shop_id" uuid NOT NULL,
	"event" text NOT NULL,
	"channel" text NOT NULL,
	"subject" text NOT NULL,
	"body" text NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "notification_templates_shop_id_event_channel_pk" PRIMARY KEY("shop_id","event","channel")
);
--> statement-breakpoint
ALTER TABLE "notification_templates" ENABLE ROW LEVEL SECURITY;--> statement-breakpoint
ALTER TABLE "outbox" DROP CONSTRAINT "outbox_status_known";--> statement-breakpoint
ALTER TABLE "outbox" ADD COLUMN "channel" text;--> statement-breakpoint
ALTER TABLE "outbox" ADD COLUMN "to_address" text;--> statement-breakpoint
ALTER TABLE "outbox" ADD COLUMN "subject" text;--> statement-breakpoint
ALTER TABLE "outbox" ADD COLUMN "body" text;--> statement-breakpoint
ALTER TABLE "outbox" ADD COLUMN "provider_message_id" text;--> statement-breakpoint
ALTER TABLE "outbox" ADD COLUMN "sent_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "outbox" ADD COLUMN "manual" boolean DEFAULT false NOT NULL;--> statement-breakpoint
ALTER TABLE "outbox" ADD COLUMN "requested_by" uuid;--> statement-breakpoint
ALTER TABLE "outbox" ADD COLUMN "claimed_by" text;--> statement-breakpoint
ALTER TABLE "outbox" ADD COLUMN "lease_until" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "notification_settings" ADD CONSTRAINT "notification_settings_shop_id_shops_id_fk" FOREIGN KEY ("shop_id") REFERENCES "public"."shops"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "notification_templates" ADD CONSTRAINT "notification_templates_shop_id_shops_id_fk" FOREIGN KEY ("shop_id") REFERENCES "public"."shops"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "outbox_sending_lease_idx" ON "outbox" USING btree ("lease_until") WHERE "outbox"."status" = 'sending';--> statement-breakpoint
ALTER TABLE "outbox" ADD CONSTRAINT "outbox_status_known" CHECK ("outbox"."status" in ('pending', 'sending', 'sent', 'skipped', 'dead'));--> statement-breakpoint
CREATE POLICY "tenant_isolation" ON "notification_settings" AS PERMISSIVE FOR ALL TO "loupe_app" USING ("shop_id" = current_setting('app.tenant_id', true)::uuid) WITH CHECK ("shop_id" = current_setting('app.tenant_id', true)::uuid);--> statement-breakpoint
CREATE POLICY "tenant_isolation" ON "notification_templates" AS PERMISSIVE FOR ALL TO "loupe_app" USING ("shop_id" = current_setting('app.tenant_id', true)::uuid) WITH CHECK ("shop_id" = current_setting('app.tenant_id', true)::uuid);