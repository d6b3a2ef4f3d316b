CREATE TABLE "passport_events" (
	"shop_id" uuid NOT NULL,
	"passport_id" uuid NOT NULL,
	"seq" integer NOT NULL,
	"kind" text NOT NULL,
	"occurred_on" date NOT NULL,
	"note" text,
	"value_cents" bigint,
	"value_currency" text,
	"value_salt" text,
	"prev_hash" text NOT NULL,
	"signing_kid" text NOT NULL,
	"token" text NOT NULL,
	"recorded_by" uuid,
	"recorded_at" timestamp with time zone NOT NULL,
	CONSTRAINT "passport_events_shop_id_passport_id_seq_pk" PRIMARY KEY("shop_id","passport_id","seq"),
	CONSTRAINT "passport_events_kind_known" CHECK ("passport_events"."kind" in ('issued', 'repaired', 'resized', 'stone_replaced', 'serviced', 'appraised', 'ownership_transferred', 'reported_stolen', 'reported_lost', 'recovered')),
	CONSTRAINT "passport_events_value_check" CHECK (coalesce("passport_events"."value_cents", 0) >= 0)
);
--> statement-breakpoint
ALTER TABLE "passport_events" ENABLE ROW LEVEL SECURITY;--> statement-breakpoint
CREATE TABLE "passport_keys" (
	"shop_id" uuid NOT NULL,
	"kid" text NOT NULL,
	"public_jwk" text NOT NULL,
	"private_sealed" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "passport_keys_shop_id_kid_pk" PRIMARY KEY("shop_id","kid")
);
--> statement-breakpoint
ALTER TABLE "passport_keys" ENABLE ROW LEVEL SECURITY;--> statement-breakpoint
CREATE TABLE "passport_owners" (
	"shop_id" uuid NOT NULL,
	"passport_id" uuid NOT NULL,
	"seq" integer NOT NULL,
	"name" text NOT NULL,
	"contact" text,
	"since" timestamp with time zone NOT NULL,
	CONSTRAINT "passport_owners_shop_id_passport_id_seq_pk" PRIMARY KEY("shop_id","passport_id","seq")
);
--> statement-breakpoint
ALTER TABLE "passport_owners" ENABLE ROW LEVEL SECURITY;--> statement-breakpoint
CREATE TABLE "passport_photos" (
	"shop_id" uuid NOT NULL,
	"passport_id" uuid NOT NULL,
	"position" integer NOT NULL,
	"attachment_id" uuid NOT NULL,
	CONSTRAINT "passport_photos_shop_id_passport_id_position_pk" PRIMARY KEY("shop_id","passport_id","position")
);
--> statement-breakpoint
ALTER TABLE "passport_photos" ENABLE ROW LEVEL SECURITY;--> statement-breakpoint
CREATE TABLE "passport_stones" (
	"shop_id" uuid NOT NULL,
	"passport_id" uuid NOT NULL,
	"position" integer NOT NULL,
	"kind" text NOT NULL,
	"shape" text,
	"carat" numeric(8, 3),
	"colour" text,
	"clarity" text,
	"certificate_lab" text,
	"certificate_number" text,
	"inscription" text,
	CONSTRAINT "passport_stones_shop_id_passport_id_position_pk" PRIMARY KEY("shop_id","passport_id","position"),
	CONSTRAINT "passport_stones_carat_check" CHECK (coalesce("passport_stones"."carat", 0) >= 0)
);
--> statement-breakpoint
ALTER TABLE "passport_stones" ENABLE ROW LEVEL SECURITY;--> statement-breakpoint
CREATE TABLE "passport_transfers" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"shop_id" uuid NOT NULL,
	"passport_id" uuid NOT NULL,
	"code_hash" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"expires_at" timestamp with time zone NOT NULL,
	"claimed_at" timestamp with time zone,
	"revoked_at" timestamp with time zone
);
--> statement-breakpoint
ALTER TABLE "passport_transfers" ENABLE ROW LEVEL SECURITY;--> statement-breakpoint
CREATE TABLE "passports" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"shop_id" uuid NOT NULL,
	"number" text NOT NULL,
	"job_id" uuid,
	"made_elsewhere" boolean DEFAULT false NOT NULL,
	"title" text NOT NULL,
	"jewellery_type" text,
	"metal" text,
	"fineness" text,
	"hallmarks" text,
	"weight_grams" numeric(10, 3),
	"measurements" text,
	"maker" text,
	"made_on" date,
	"visibility" text DEFAULT 'public' NOT NULL,
	"show_values" boolean DEFAULT false NOT NULL,
	"owner_name" text NOT NULL,
	"owner_contact" text,
	"issuer_name" text NOT NULL,
	"version" integer DEFAULT 1 NOT NULL,
	"signing_kid" text NOT NULL,
	"token" text NOT NULL,
	"issued_by" uuid,
	"issued_at" timestamp with time zone NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "passports_shop_id_id_unique" UNIQUE("shop_id","id"),
	CONSTRAINT "passports_number_shape" CHECK ("passports"."number" ~ '^LP-[0-9]{9}$'),
	CONSTRAINT "passports_visibility_known" CHECK ("passports"."visibility" in ('public', 'private')),
	CONSTRAINT "passports_weight_check" CHECK (coalesce("passports"."weight_grams", 0) >= 0),
	CONSTRAINT "passports_origin_check" CHECK ("passports"."job_id" is not null or "passports"."made_elsewhere")
);
--> statement-breakpoint
ALTER TABLE "passports" ENABLE ROW LEVEL SECURITY;--> statement-breakpoint
ALTER TABLE "passport_events" ADD CONSTRAINT "passport_events_recorded_by_users_id_fk" FOREIGN KEY ("recorded_by") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "passport_events" ADD CONSTRAINT "passport_events_passport_fk" FOREIGN KEY ("shop_id","passport_id") REFERENCES "public"."passports"("shop_id","id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "passport_keys" ADD CONSTRAINT "passport_keys_shop_id_shops_id_fk" FOREIGN KEY ("shop_id") REFERENCES "public"."shops"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "passport_owners" ADD CONSTRAINT "passport_owners_passport_fk" FOREIGN KEY ("shop_id","passport_id") REFERENCES "public"."passports"("shop_id","id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "passport_photos" ADD CONSTRAINT "passport_photos_passport_fk" FOREIGN KEY ("shop_id","passport_id") REFERENCES "public"."passports"("shop_id","id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "passport_photos" ADD CONSTRAINT "passport_photos_attachment_fk" FOREIGN KEY ("attachment_id") REFERENCES "public"."attachments"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "passport_stones" ADD CONSTRAINT "passport_stones_passport_fk" FOREIGN KEY ("shop_id","passport_id") REFERENCES "public"."passports"("shop_id","id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "passport_transfers" ADD CONSTRAINT "passport_transfers_passport_fk" FOREIGN KEY ("shop_id","passport_id") REFERENCES "public"."passports"("shop_id","id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "passports" ADD CONSTRAINT "passports_shop_id_shops_id_fk" FOREIGN KEY ("shop_id") REFERENCES "public"."shops"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "passports" ADD CONSTRAINT "passports_issued_by_users_id_fk" FOREIGN KEY ("issued_by") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "passports" ADD CONSTRAINT "passports_job_fk" FOREIGN KEY ("shop_id","job_id") REFERENCES "public"."jobs"("shop_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "passport_keys_kid_unique" ON "passport_keys" USING btree ("kid");--> statement-breakpoint
CREATE INDEX "passport_transfers_passport_idx" ON "passport_transfers" USING btree ("shop_id","passport_id");--> statement-breakpoint
CREATE UNIQUE INDEX "passports_number_unique" ON "passports" USING btree ("number");--> statement-breakpoint
CREATE UNIQUE INDEX "passports_job_unique" ON "passports" USING btree ("shop_id","job_id");--> statement-breakpoint
CREATE POLICY "tenant_isolation" ON "passport_events" AS PERMISSIVE FOR ALL TO "loupe_app" USING ("shop_id" = nullif(current_setting('app.tenant_id', true), '')::uuid) WITH CHECK ("shop_id" = nullif(current_setting('app.tenant_id', true), '')::uuid);--> statement-breakpoint
CREATE POLICY "tenant_isolation" ON "passport_keys" AS PERMISSIVE FOR ALL TO "loupe_app" USING ("shop_id" = nullif(current_setting('app.tenant_id', true), '')::uuid) WITH CHECK ("shop_id" = nullif(current_setting('app.tenant_id', true), '')::uuid);--> statement-breakpoint
CREATE POLICY "tenant_isolation" ON "passport_owners" AS PERMISSIVE FOR ALL TO "loupe_app" USING ("shop_id" = nullif(current_setting('app.tenant_id', true), '')::uuid) WITH CHECK ("shop_id" = nullif(current_setting('app.tenant_id', true), '')::uuid);--> statement-breakpoint
CREATE POLICY "tenant_isolation" ON "passport_photos" AS PERMISSIVE FOR ALL TO "loupe_app" USING ("shop_id" = nullif(current_setting('app.tenant_id', true), '')::uuid) WITH CHECK ("shop_id" = nullif(current_setting('app.tenant_id', true), '')::uuid);--> statement-breakpoint
CREATE POLICY "tenant_isolation" ON "passport_stones" AS PERMISSIVE FOR ALL TO "loupe_app" USING ("shop_id" = nullif(current_setting('app.tenant_id', true), '')::uuid) WITH CHECK ("shop_id" = nullif(current_setting('app.tenant_id', true), '')::uuid);--> statement-breakpoint
CREATE POLICY "tenant_isolation" ON "passport_transfers" AS PERMISSIVE FOR ALL TO "loupe_app" USING ("shop_id" = nullif(current_setting('app.tenant_id', true), '')::uuid) WITH CHECK ("shop_id" = nullif(current_setting('app.tenant_id', true), '')::uuid);--> statement-breakpoint
CREATE POLICY "tenant_isolation" ON "passports" AS PERMISSIVE FOR ALL TO "loupe_app" USING ("shop_id" = nullif(current_setting('app.tenant_id', true), '')::uuid) WITH CHECK ("shop_id" = nullif(current_setting('app.tenant_id', true), '')::uuid);--> statement-breakpoint
-- hand-written below
-- A passport's history is append-only for the application: its role may add events and read them, never change or remove one.
REVOKE UPDATE, DELETE ON "passport_events" FROM loupe_app;
