CREATE TABLE "calendar_days" (
	"day" date PRIMARY KEY NOT NULL,
	"kind" text NOT NULL,
	"name" text NOT NULL
);
--> statement-breakpoint
CREATE TABLE "sla_policies" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"name" text NOT NULL,
	"priority" text NOT NULL,
	"customer_tier" text,
	"product_id" uuid,
	"first_response_minutes" integer NOT NULL,
	"next_response_minutes" integer NOT NULL,
	"resolution_minutes" integer NOT NULL,
	"clock" text NOT NULL,
	"is_active" boolean DEFAULT true NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "working_hours" (
	"id" smallint PRIMARY KEY DEFAULT 1 NOT NULL,
	"opens_at" integer DEFAULT 540 NOT NULL,
	"closes_at" integer DEFAULT 1080 NOT NULL,
	"weekdays" smallint[] DEFAULT '{1,2,3,4,5}'::smallint[] NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "tickets" ADD COLUMN "sla_policy_id" uuid;--> statement-breakpoint
ALTER TABLE "tickets" ADD COLUMN "first_responded_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "tickets" ADD COLUMN "next_response_due_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "tickets" ADD COLUMN "resolution_warn_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "tickets" ADD COLUMN "resolution_escalate_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "tickets" ADD COLUMN "sla_paused_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "tickets" ADD COLUMN "sla_paused_minutes" double precision DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE "tickets" ADD COLUMN "sla_alerts" text[] DEFAULT '{}'::text[] NOT NULL;--> statement-breakpoint
ALTER TABLE "tickets" ADD COLUMN "sla_next_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "sla_policies" ADD CONSTRAINT "sla_policies_product_id_products_id_fk" FOREIGN KEY ("product_id") REFERENCES "public"."products"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "sla_policies_reach_idx" ON "sla_policies" USING btree ("priority",coalesce("customer_tier", ''),coalesce("product_id", '00000000-0000-0000-0000-000000000000'::uuid));--> statement-breakpoint
ALTER TABLE "tickets" ADD CONSTRAINT "tickets_sla_policy_id_sla_policies_id_fk" FOREIGN KEY ("sla_policy_id") REFERENCES "public"."sla_policies"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "tickets_sla_next_idx" ON "tickets" USING btree ("sla_next_at") WHERE "tickets"."sla_next_at" is not null;--> statement-breakpoint
-- A new installation answers tickets on sensible terms from the first day: 9:00–18:00 on working days,
-- urgent faults around the clock, key accounts faster. Administrators change them in the console.
INSERT INTO "working_hours" ("id") VALUES (1);--> statement-breakpoint
INSERT INTO "sla_policies" ("name", "priority", "customer_tier", "first_response_minutes", "next_response_minutes", "resolution_minutes", "clock") VALUES
  ('紧急', 'urgent', NULL, 30, 30, 240, 'around_the_clock'),
  ('高', 'high', NULL, 60, 120, 540, 'business'),
  ('普通', 'normal', NULL, 240, 240, 1620, 'business'),
  ('低', 'low', NULL, 480, 480, 2700, 'business'),
  ('大客户 紧急', 'urgent', 'key', 15, 15, 120, 'around_the_clock'),
  ('大客户 高', 'high', 'key', 30, 60, 360, 'business');
