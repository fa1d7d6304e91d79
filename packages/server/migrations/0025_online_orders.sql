CREATE TABLE "tracking_order_items" (
	"order_id" uuid NOT NULL,
	"line" integer NOT NULL,
	"product_code" text NOT NULL,
	"product_name" text NOT NULL,
	"quantity" integer NOT NULL,
	"unit_price" bigint NOT NULL,
	CONSTRAINT "tracking_order_items_order_id_line_pk" PRIMARY KEY("order_id","line")
);
--> statement-breakpoint
CREATE TABLE "tracking_orders" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"site_id" uuid NOT NULL,
	"order_number" text NOT NULL,
	"customer_id" uuid NOT NULL,
	"content_hash" text NOT NULL,
	"total" bigint NOT NULL,
	"currency" text NOT NULL,
	"payment_method" text NOT NULL,
	"is_paid" boolean NOT NULL,
	"ordered_at" timestamp with time zone NOT NULL,
	"shipping_address" jsonb,
	"visitor_id" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "tracking_registration_leads" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"site_id" uuid NOT NULL,
	"visitor_id" text,
	"name" text,
	"phone" text,
	"email" text,
	"member_id" text,
	"consents" jsonb,
	"received_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "tracking_order_items" ADD CONSTRAINT "tracking_order_items_order_id_tracking_orders_id_fk" FOREIGN KEY ("order_id") REFERENCES "public"."tracking_orders"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "tracking_orders" ADD CONSTRAINT "tracking_orders_site_id_tracking_sites_id_fk" FOREIGN KEY ("site_id") REFERENCES "public"."tracking_sites"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "tracking_orders" ADD CONSTRAINT "tracking_orders_customer_id_customers_id_fk" FOREIGN KEY ("customer_id") REFERENCES "public"."customers"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "tracking_registration_leads" ADD CONSTRAINT "tracking_registration_leads_site_id_tracking_sites_id_fk" FOREIGN KEY ("site_id") REFERENCES "public"."tracking_sites"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "tracking_orders_number_idx" ON "tracking_orders" USING btree ("site_id","order_number");--> statement-breakpoint
CREATE INDEX "tracking_orders_customer_idx" ON "tracking_orders" USING btree ("customer_id","ordered_at");--> statement-breakpoint
CREATE INDEX "tracking_registration_leads_site_idx" ON "tracking_registration_leads" USING btree ("site_id","received_at");