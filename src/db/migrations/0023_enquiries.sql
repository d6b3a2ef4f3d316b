CREATE TABLE "enquiries" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"shop_id" uuid NOT NULL,
	"number" integer NOT NULL,
	"name" text NOT NULL,
	"email" text,
	"phone" text,
	"topic" text NOT NULL,
	"description" text NOT NULL,
	"budget" text NOT NULL,
	"consent" boolean NOT NULL,
	"status" text DEFAULT 'new' NOT NULL,
	"read_at" timestamp with time zone,
	"customer_id" uuid,
	"job_id" uuid,
	"job_kind" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "enquiries_shop_id_id_unique" UNIQUE("shop_id","id"),
	CONSTRAINT "enquiries_shop_number_unique" UNIQUE("shop_id","number"),
	CONSTRAINT "enquiries_topic_known" CHECK ("enquiries"."topic" in ('bespoke', 'repair', 'valuation', 'appointment')),
	CONSTRAINT "enquiries_budget_known" CHECK ("enquiries"."budget" in ('unsure', 'under_500', '500_1000', '1000_2500', '2500_5000', '5000_plus')),
	CONSTRAINT "enquiries_status_known" CHECK ("enquiries"."status" in ('new', 'contacted', 'booked', 'completed', 'converted', 'spam')),
	CONSTRAINT "enquiries_has_contact" CHECK ("enquiries"."email" is not null or "enquiries"."phone" is not null),
	CONSTRAINT "enquiries_consented" CHECK ("enquiries"."consent"),
	CONSTRAINT "enquiries_name_length" CHECK (length(btrim("enquiries"."name")) between 1 and 120),
	CONSTRAINT "enquiries_description_length" CHECK (length("enquiries"."description") <= 4000),
	CONSTRAINT "enquiries_converted_has_job" CHECK (("enquiries"."status" = 'converted') = ("enquiries"."job_id" is not null))
);
--> statement-breakpoint
ALTER TABLE "enquiries" ENABLE ROW LEVEL SECURITY;--> statement-breakpoint
CREATE TABLE "enquiry_challenges" (
	"shop_id" uuid NOT NULL,
	"challenge_id" text NOT NULL,
	"expires_at" timestamp with time zone NOT NULL,
	CONSTRAINT "enquiry_challenges_shop_id_challenge_id_pk" PRIMARY KEY("shop_id","challenge_id")
);
--> statement-breakpoint
ALTER TABLE "enquiry_challenges" ENABLE ROW LEVEL SECURITY;--> statement-breakpoint
CREATE TABLE "enquiry_images" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"shop_id" uuid NOT NULL,
	"enquiry_id" uuid NOT NULL,
	"content_type" text NOT NULL,
	"bytes" integer NOT NULL,
	"width" integer,
	"height" integer,
	"file_name" text,
	"original_key" text NOT NULL,
	"display_key" text,
	"thumb_key" text NOT NULL,
	"thumb_content_type" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "enquiry_images" ENABLE ROW LEVEL SECURITY;--> statement-breakpoint
CREATE TABLE "enquiry_replies" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"shop_id" uuid NOT NULL,
	"enquiry_id" uuid NOT NULL,
	"body" text NOT NULL,
	"author_id" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "enquiry_replies_body_length" CHECK (length(btrim("enquiry_replies"."body")) between 1 and 2000)
);
--> statement-breakpoint
ALTER TABLE "enquiry_replies" ENABLE ROW LEVEL SECURITY;--> statement-breakpoint
ALTER TABLE "shops" ADD COLUMN "slug" text;--> statement-breakpoint
ALTER TABLE "enquiries" ADD CONSTRAINT "enquiries_shop_id_shops_id_fk" FOREIGN KEY ("shop_id") REFERENCES "public"."shops"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "enquiries" ADD CONSTRAINT "enquiries_customer_fk" FOREIGN KEY ("shop_id","customer_id") REFERENCES "public"."customers"("shop_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "enquiries" ADD CONSTRAINT "enquiries_job_fk" FOREIGN KEY ("shop_id","job_id","job_kind") REFERENCES "public"."jobs"("shop_id","id","kind") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "enquiry_challenges" ADD CONSTRAINT "enquiry_challenges_shop_id_shops_id_fk" FOREIGN KEY ("shop_id") REFERENCES "public"."shops"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "enquiry_images" ADD CONSTRAINT "enquiry_images_shop_id_shops_id_fk" FOREIGN KEY ("shop_id") REFERENCES "public"."shops"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "enquiry_images" ADD CONSTRAINT "enquiry_images_enquiry_fk" FOREIGN KEY ("shop_id","enquiry_id") REFERENCES "public"."enquiries"("shop_id","id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "enquiry_replies" ADD CONSTRAINT "enquiry_replies_shop_id_shops_id_fk" FOREIGN KEY ("shop_id") REFERENCES "public"."shops"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "enquiry_replies" ADD CONSTRAINT "enquiry_replies_author_id_users_id_fk" FOREIGN KEY ("author_id") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "enquiry_replies" ADD CONSTRAINT "enquiry_replies_enquiry_fk" FOREIGN KEY ("shop_id","enquiry_id") REFERENCES "public"."enquiries"("shop_id","id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "enquiries_shop_created_idx" ON "enquiries" USING btree ("shop_id","created_at");--> statement-breakpoint
CREATE INDEX "enquiries_shop_unread_idx" ON "enquiries" USING btree ("shop_id") WHERE "enquiries"."read_at" is null;--> statement-breakpoint
CREATE INDEX "enquiry_challenges_expiry_idx" ON "enquiry_challenges" USING btree ("expires_at");--> statement-breakpoint
CREATE INDEX "enquiry_images_enquiry_idx" ON "enquiry_images" USING btree ("shop_id","enquiry_id");--> statement-breakpoint
CREATE INDEX "enquiry_replies_enquiry_idx" ON "enquiry_replies" USING btree ("shop_id","enquiry_id","created_at");--> statement-breakpoint
CREATE UNIQUE INDEX "shops_slug_unique" ON "shops" USING btree ("slug");--> statement-breakpoint
ALTER TABLE "shops" ADD CONSTRAINT "shops_slug_shape" CHECK ("shops"."slug" ~ '^[a-z0-9](?:[a-z0-9-]{0,58}[a-z0-9])?$');--> statement-breakpoint
CREATE POLICY "tenant_isolation" ON "enquiries" AS PERMISSIVE FOR ALL TO "loupe_app" USING ("shop_id" = nullif(current_setting('app.tenant_id', true), '')::uuid) WITH CHECK ("shop_id" = nullif(current_setting('app.tenant_id', true), '')::uuid);--> statement-breakpoint
CREATE POLICY "tenant_isolation" ON "enquiry_challenges" AS PERMISSIVE FOR ALL TO "loupe_app" USING ("shop_id" = nullif(current_setting('app.tenant_id', true), '')::uuid) WITH CHECK ("shop_id" = nullif(current_setting('app.tenant_id', true), '')::uuid);--> statement-breakpoint
CREATE POLICY "tenant_isolation" ON "enquiry_images" AS PERMISSIVE FOR ALL TO "loupe_app" USING ("shop_id" = nullif(current_setting('app.tenant_id', true), '')::uuid) WITH CHECK ("shop_id" = nullif(current_setting('app.tenant_id', true), '')::uuid);--> statement-breakpoint
CREATE POLICY "tenant_isolation" ON "enquiry_replies" AS PERMISSIVE FOR ALL TO "loupe_app" USING ("shop_id" = nullif(current_setting('app.tenant_id', true), '')::uuid) WITH CHECK ("shop_id" = nullif(current_setting('app.tenant_id', true), '')::uuid);--> statement-breakpoint
-- hand-written below
-- A shop's slug comes from its name (lower-case words joined by hyphens), with a piece of its id when the name's is taken.
-- SECURITY DEFINER: sign-up inserts the shop as the tenant role, which sees no other shop's slug.
CREATE OR REPLACE FUNCTION shop_slug_for(shop_name text, shop_id uuid) RETURNS text LANGUAGE plpgsql SECURITY DEFINER SET search_path = public AS $$
DECLARE
  base text := trim(both '-' from left(trim(both '-' from regexp_replace(lower(shop_name), '[^a-z0-9]+', '-', 'g')), 40));
BEGIN
  IF base = '' THEN base := 'shop'; END IF;
  IF EXISTS (SELECT 1 FROM shops WHERE slug = base AND id <> shop_id) THEN
    RETURN base || '-' || left(replace(shop_id::text, '-', ''), 8);
  END IF;
  RETURN base;
END $$;--> statement-breakpoint
CREATE OR REPLACE FUNCTION shops_slug_default() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF NEW.slug IS NULL THEN NEW.slug := shop_slug_for(NEW.name, NEW.id); END IF;
  RETURN NEW;
END $$;--> statement-breakpoint
CREATE TRIGGER shops_slug_default BEFORE INSERT ON shops FOR EACH ROW EXECUTE FUNCTION shops_slug_default();--> statement-breakpoint
-- Backfill, one shop at a time in the order they joined, so the first of two alike names keeps the plain slug.
DO $$
DECLARE s record;
BEGIN
  FOR s IN SELECT id, name FROM shops WHERE slug IS NULL ORDER BY created_at, id LOOP
    UPDATE shops SET slug = shop_slug_for(s.name, s.id) WHERE id = s.id;
  END LOOP;
END $$;
