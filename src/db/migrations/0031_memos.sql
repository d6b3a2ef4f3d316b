CREATE TABLE "memo_contacts" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"shop_id" uuid NOT NULL,
	"name" text NOT NULL,
	"company" text,
	"email" text,
	"phone" text,
	"address" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "memo_contacts_shop_id_id_unique" UNIQUE("shop_id","id"),
	CONSTRAINT "memo_contacts_name_length" CHECK (length(btrim("memo_contacts"."name")) between 1 and 120)
);
--> statement-breakpoint
ALTER TABLE "memo_contacts" ENABLE ROW LEVEL SECURITY;--> statement-breakpoint
CREATE TABLE "memo_items" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"shop_id" uuid NOT NULL,
	"memo_id" uuid NOT NULL,
	"position" integer NOT NULL,
	"kind" text NOT NULL,
	"stone_type" text,
	"shape" text,
	"carat" numeric(8, 3),
	"colour" text,
	"clarity" text,
	"measurements" text,
	"certificate_lab" text,
	"certificate_number" text,
	"description" text,
	"cost_cents" bigint,
	"retail_cents" bigint,
	"status" text DEFAULT 'active' NOT NULL,
	"settled_at" timestamp with time zone,
	"settled_by" uuid,
	"job_id" uuid,
	"job_kind" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "memo_items_shop_id_id_unique" UNIQUE("shop_id","id"),
	CONSTRAINT "memo_items_memo_position_unique" UNIQUE("shop_id","memo_id","position"),
	CONSTRAINT "memo_items_kind_known" CHECK ("memo_items"."kind" in ('stone', 'piece')),
	CONSTRAINT "memo_items_status_known" CHECK ("memo_items"."status" in ('active', 'returned', 'sold', 'expired', 'lost')),
	CONSTRAINT "memo_items_stone_has_type" CHECK ("memo_items"."kind" <> 'stone' or "memo_items"."stone_type" is not null),
	CONSTRAINT "memo_items_piece_has_description" CHECK ("memo_items"."kind" <> 'piece' or "memo_items"."description" is not null),
	CONSTRAINT "memo_items_money" CHECK (coalesce("memo_items"."cost_cents", 0) >= 0 and coalesce("memo_items"."retail_cents", 0) >= 0),
	CONSTRAINT "memo_items_carat" CHECK (coalesce("memo_items"."carat", 0) >= 0),
	CONSTRAINT "memo_items_settled" CHECK (("memo_items"."status" = 'active') = ("memo_items"."settled_at" is null)),
	CONSTRAINT "memo_items_job_whole" CHECK (("memo_items"."job_id" is null) = ("memo_items"."job_kind" is null))
);
--> statement-breakpoint
ALTER TABLE "memo_items" ENABLE ROW LEVEL SECURITY;--> statement-breakpoint
CREATE TABLE "memos" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"shop_id" uuid NOT NULL,
	"direction" text NOT NULL,
	"number" integer NOT NULL,
	"contact_id" uuid NOT NULL,
	"received_on" date NOT NULL,
	"due_back_on" date,
	"terms" text,
	"notes" text,
	"status" text DEFAULT 'active' NOT NULL,
	"created_by" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "memos_shop_id_id_unique" UNIQUE("shop_id","id"),
	CONSTRAINT "memos_shop_direction_number_unique" UNIQUE("shop_id","direction","number"),
	CONSTRAINT "memos_direction_known" CHECK ("memos"."direction" in ('in', 'out')),
	CONSTRAINT "memos_status_known" CHECK ("memos"."status" in ('active', 'returned', 'sold', 'expired', 'lost', 'closed')),
	CONSTRAINT "memos_due_after_received" CHECK ("memos"."due_back_on" is null or "memos"."due_back_on" >= "memos"."received_on"),
	CONSTRAINT "memos_terms_length" CHECK (length("memos"."terms") <= 2000),
	CONSTRAINT "memos_notes_length" CHECK (length("memos"."notes") <= 2000)
);
--> statement-breakpoint
ALTER TABLE "memos" ENABLE ROW LEVEL SECURITY;--> statement-breakpoint
ALTER TABLE "shops" ADD COLUMN "memo_overdue_email" boolean DEFAULT false NOT NULL;--> statement-breakpoint
ALTER TABLE "memo_contacts" ADD CONSTRAINT "memo_contacts_shop_id_shops_id_fk" FOREIGN KEY ("shop_id") REFERENCES "public"."shops"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "memo_items" ADD CONSTRAINT "memo_items_shop_id_shops_id_fk" FOREIGN KEY ("shop_id") REFERENCES "public"."shops"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "memo_items" ADD CONSTRAINT "memo_items_settled_by_users_id_fk" FOREIGN KEY ("settled_by") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "memo_items" ADD CONSTRAINT "memo_items_memo_fk" FOREIGN KEY ("shop_id","memo_id") REFERENCES "public"."memos"("shop_id","id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "memo_items" ADD CONSTRAINT "memo_items_job_fk" FOREIGN KEY ("shop_id","job_id","job_kind") REFERENCES "public"."jobs"("shop_id","id","kind") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "memos" ADD CONSTRAINT "memos_shop_id_shops_id_fk" FOREIGN KEY ("shop_id") REFERENCES "public"."shops"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "memos" ADD CONSTRAINT "memos_created_by_users_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "memos" ADD CONSTRAINT "memos_contact_fk" FOREIGN KEY ("shop_id","contact_id") REFERENCES "public"."memo_contacts"("shop_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "memo_contacts_shop_name_idx" ON "memo_contacts" USING btree ("shop_id","name");--> statement-breakpoint
CREATE INDEX "memo_items_job_idx" ON "memo_items" USING btree ("shop_id","job_id");--> statement-breakpoint
CREATE INDEX "memos_shop_status_idx" ON "memos" USING btree ("shop_id","status","due_back_on");--> statement-breakpoint
CREATE POLICY "tenant_isolation" ON "memo_contacts" AS PERMISSIVE FOR ALL TO "loupe_app" USING ("shop_id" = nullif(current_setting('app.tenant_id', true), '')::uuid) WITH CHECK ("shop_id" = nullif(current_setting('app.tenant_id', true), '')::uuid);--> statement-breakpoint
CREATE POLICY "tenant_isolation" ON "memo_items" AS PERMISSIVE FOR ALL TO "loupe_app" USING ("shop_id" = nullif(current_setting('app.tenant_id', true), '')::uuid) WITH CHECK ("shop_id" = nullif(current_setting('app.tenant_id', true), '')::uuid);--> statement-breakpoint
CREATE POLICY "tenant_isolation" ON "memos" AS PERMISSIVE FOR ALL TO "loupe_app" USING ("shop_id" = nullif(current_setting('app.tenant_id', true), '')::uuid) WITH CHECK ("shop_id" = nullif(current_setting('app.tenant_id', true), '')::uuid);