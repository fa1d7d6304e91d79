CREATE TABLE "customer_notice_channels" (
	"customer_id" uuid PRIMARY KEY NOT NULL,
	"channel" text NOT NULL,
	"source" text NOT NULL,
	"changed_by" uuid,
	"changed_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "points_entries" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"customer_id" uuid NOT NULL,
	"points" integer NOT NULL,
	"reason" text NOT NULL,
	"bill_id" uuid,
	"note" text,
	"occurred_at" timestamp with time zone DEFAULT now() NOT NULL,
	"created_by" uuid,
	CONSTRAINT "points_entries_not_zero" CHECK ("points_entries"."points" <> 0)
);
--> statement-breakpoint
DROP INDEX "sla_policies_reach_idx";--> statement-breakpoint
ALTER TABLE "sla_policies" ADD COLUMN "customer_id" uuid;--> statement-breakpoint
ALTER TABLE "customer_notice_channels" ADD CONSTRAINT "customer_notice_channels_customer_id_customers_id_fk" FOREIGN KEY ("customer_id") REFERENCES "public"."customers"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "customer_notice_channels" ADD CONSTRAINT "customer_notice_channels_changed_by_users_id_fk" FOREIGN KEY ("changed_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "points_entries" ADD CONSTRAINT "points_entries_customer_id_customers_id_fk" FOREIGN KEY ("customer_id") REFERENCES "public"."customers"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "points_entries" ADD CONSTRAINT "points_entries_bill_id_bills_id_fk" FOREIGN KEY ("bill_id") REFERENCES "public"."bills"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "points_entries" ADD CONSTRAINT "points_entries_created_by_users_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "points_entries_customer_idx" ON "points_entries" USING btree ("customer_id","occurred_at");--> statement-breakpoint
CREATE UNIQUE INDEX "points_entries_bill_idx" ON "points_entries" USING btree ("bill_id") WHERE "points_entries"."reason" = 'bill_paid';--> statement-breakpoint
ALTER TABLE "sla_policies" ADD CONSTRAINT "sla_policies_customer_id_customers_id_fk" FOREIGN KEY ("customer_id") REFERENCES "public"."customers"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "sla_policies_customer_idx" ON "sla_policies" USING btree ("customer_id") WHERE "sla_policies"."customer_id" is not null;--> statement-breakpoint
CREATE UNIQUE INDEX "sla_policies_reach_idx" ON "sla_policies" USING btree ("priority",coalesce("customer_tier", ''),coalesce("product_id", '00000000-0000-0000-0000-000000000000'::uuid),coalesce("customer_id", '00000000-0000-0000-0000-000000000000'::uuid));