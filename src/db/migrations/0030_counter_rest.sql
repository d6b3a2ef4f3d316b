CREATE TABLE "staff_invites" (
	"shop_id" uuid NOT NULL,
	"id" uuid DEFAULT gen_random_uuid() NOT NULL,
	"name" text NOT NULL,
	"email" text NOT NULL,
	"role" text NOT NULL,
	"invited_by" uuid,
	"token_hash" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"expires_at" timestamp with time zone NOT NULL,
	"accepted_at" timestamp with time zone,
	"revoked_at" timestamp with time zone,
	CONSTRAINT "staff_invites_shop_id_id_pk" PRIMARY KEY("shop_id","id"),
	CONSTRAINT "staff_invites_role_known" CHECK ("staff_invites"."role" in ('owner', 'manager', 'staff'))
);
--> statement-breakpoint
ALTER TABLE "staff_invites" ENABLE ROW LEVEL SECURITY;--> statement-breakpoint
ALTER TABLE "outbox" DROP CONSTRAINT "outbox_status_known";--> statement-breakpoint
ALTER TABLE "notification_settings" ADD COLUMN "ready_delay_minutes" integer DEFAULT 2 NOT NULL;--> statement-breakpoint
ALTER TABLE "shops" ADD COLUMN "logo_key" text;--> statement-breakpoint
ALTER TABLE "staff_invites" ADD CONSTRAINT "staff_invites_shop_id_shops_id_fk" FOREIGN KEY ("shop_id") REFERENCES "public"."shops"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "staff_invites" ADD CONSTRAINT "staff_invites_invited_by_users_id_fk" FOREIGN KEY ("invited_by") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "staff_invites_token_unique" ON "staff_invites" USING btree ("token_hash");--> statement-breakpoint
ALTER TABLE "notification_settings" ADD CONSTRAINT "notification_settings_ready_delay" CHECK ("notification_settings"."ready_delay_minutes" between 0 and 10);--> statement-breakpoint
ALTER TABLE "outbox" ADD CONSTRAINT "outbox_status_known" CHECK ("outbox"."status" in ('pending', 'sending', 'sent', 'skipped', 'dead', 'cancelled'));--> statement-breakpoint
CREATE POLICY "tenant_isolation" ON "staff_invites" AS PERMISSIVE FOR ALL TO "loupe_app" USING ("shop_id" = nullif(current_setting('app.tenant_id', true), '')::uuid) WITH CHECK ("shop_id" = nullif(current_setting('app.tenant_id', true), '')::uuid);