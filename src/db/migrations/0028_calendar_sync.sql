CREATE TABLE "calendar_connections" (
	"shop_id" uuid NOT NULL,
	"provider" text NOT NULL,
	"state" text NOT NULL,
	"target" text,
	"account" text,
	"secret_sealed" text,
	"oauth_state_hash" text,
	"last_synced_at" timestamp with time zone,
	"last_error" text,
	"last_error_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "calendar_connections_pk" PRIMARY KEY("shop_id","provider"),
	CONSTRAINT "calendar_connections_provider_known" CHECK ("calendar_connections"."provider" in ('caldav', 'google')),
	CONSTRAINT "calendar_connections_state_known" CHECK ("calendar_connections"."state" in ('connecting', 'active', 'revoked'))
);
--> statement-breakpoint
ALTER TABLE "calendar_connections" ENABLE ROW LEVEL SECURITY;--> statement-breakpoint
CREATE TABLE "calendar_sync_queue" (
	"shop_id" uuid NOT NULL,
	"provider" text NOT NULL,
	"subject_kind" text NOT NULL,
	"subject_id" uuid NOT NULL,
	"status" text DEFAULT 'pending' NOT NULL,
	"generation" bigint DEFAULT 1 NOT NULL,
	"attempts" integer DEFAULT 0 NOT NULL,
	"available_at" timestamp with time zone DEFAULT now() NOT NULL,
	"claimed_by" text,
	"claimed_generation" bigint,
	"lease_until" timestamp with time zone,
	"last_action" text,
	"last_error" text,
	"done_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "calendar_sync_queue_pk" PRIMARY KEY("shop_id","provider","subject_kind","subject_id"),
	CONSTRAINT "calendar_sync_queue_status_known" CHECK ("calendar_sync_queue"."status" in ('pending', 'sending', 'done', 'dead')),
	CONSTRAINT "calendar_sync_queue_subject_known" CHECK ("calendar_sync_queue"."subject_kind" in ('job', 'appointment'))
);
--> statement-breakpoint
ALTER TABLE "calendar_sync_queue" ENABLE ROW LEVEL SECURITY;--> statement-breakpoint
ALTER TABLE "calendar_connections" ADD CONSTRAINT "calendar_connections_shop_id_shops_id_fk" FOREIGN KEY ("shop_id") REFERENCES "public"."shops"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "calendar_sync_queue" ADD CONSTRAINT "calendar_sync_queue_shop_id_shops_id_fk" FOREIGN KEY ("shop_id") REFERENCES "public"."shops"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "calendar_sync_queue_due_idx" ON "calendar_sync_queue" USING btree ("available_at") WHERE "calendar_sync_queue"."status" = 'pending';--> statement-breakpoint
CREATE INDEX "calendar_sync_queue_lease_idx" ON "calendar_sync_queue" USING btree ("lease_until") WHERE "calendar_sync_queue"."status" = 'sending';--> statement-breakpoint
CREATE POLICY "tenant_isolation" ON "calendar_connections" AS PERMISSIVE FOR ALL TO "loupe_app" USING ("shop_id" = nullif(current_setting('app.tenant_id', true), '')::uuid) WITH CHECK ("shop_id" = nullif(current_setting('app.tenant_id', true), '')::uuid);--> statement-breakpoint
CREATE POLICY "tenant_isolation" ON "calendar_sync_queue" AS PERMISSIVE FOR ALL TO "loupe_app" USING ("shop_id" = nullif(current_setting('app.tenant_id', true), '')::uuid) WITH CHECK ("shop_id" = nullif(current_setting('app.tenant_id', true), '')::uuid);