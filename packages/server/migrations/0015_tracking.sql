CREATE TABLE "tracking_event_receipts" (
	"site_id" uuid NOT NULL,
	"event_id" text NOT NULL,
	"received_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "tracking_event_receipts_site_id_event_id_pk" PRIMARY KEY("site_id","event_id")
);
--> statement-breakpoint
CREATE TABLE "tracking_events" (
	"site_id" uuid NOT NULL,
	"event_id" text NOT NULL,
	"occurred_at" timestamp with time zone NOT NULL,
	"received_at" timestamp with time zone DEFAULT now() NOT NULL,
	"visitor_id" text,
	"session_number" integer,
	"type" text NOT NULL,
	"url" text NOT NULL,
	"referrer" text,
	"title" text,
	"name" text,
	"target" text,
	"query" text,
	"props" jsonb,
	"utm_source" text,
	"utm_medium" text,
	"utm_campaign" text,
	"utm_term" text,
	"utm_content" text,
	"is_bot" boolean DEFAULT false NOT NULL,
	CONSTRAINT "tracking_events_site_id_event_id_occurred_at_pk" PRIMARY KEY("site_id","event_id","occurred_at")
) PARTITION BY RANGE ("occurred_at");
--> statement-breakpoint
-- Written by hand (drizzle declares no partitions): one partition per month, made ahead by the
-- tracking.partitions job; the DEFAULT partition takes whatever falls outside them, so no event
-- is ever refused for want of a partition.
CREATE TABLE "tracking_events_default" PARTITION OF "tracking_events" DEFAULT;
--> statement-breakpoint
DO $$
DECLARE
  month date := date_trunc('month', now() at time zone 'UTC')::date;
BEGIN
  FOR i IN 0..2 LOOP
    EXECUTE format('CREATE TABLE IF NOT EXISTS %I PARTITION OF tracking_events FOR VALUES FROM (%L) TO (%L)',
      'tracking_events_' || to_char(month + make_interval(months => i), 'YYYY_MM'),
      (month + make_interval(months => i))::timestamp at time zone 'UTC',
      (month + make_interval(months => i + 1))::timestamp at time zone 'UTC');
  END LOOP;
END $$;
--> statement-breakpoint
CREATE TABLE "tracking_sites" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"unit_id" uuid NOT NULL,
	"name" text NOT NULL,
	"allowed_origins" text[] NOT NULL,
	"site_key" text NOT NULL,
	"search_param" text DEFAULT 'q' NOT NULL,
	"consent_mode" text DEFAULT 'none' NOT NULL,
	"is_active" boolean DEFAULT true NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "tracking_visitors" (
	"site_id" uuid NOT NULL,
	"visitor_id" text NOT NULL,
	"customer_id" uuid,
	"first_seen_at" timestamp with time zone NOT NULL,
	"last_seen_at" timestamp with time zone NOT NULL,
	"sessions" integer DEFAULT 0 NOT NULL,
	CONSTRAINT "tracking_visitors_site_id_visitor_id_pk" PRIMARY KEY("site_id","visitor_id")
);
--> statement-breakpoint
ALTER TABLE "tracking_sites" ADD CONSTRAINT "tracking_sites_unit_id_org_units_id_fk" FOREIGN KEY ("unit_id") REFERENCES "public"."org_units"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "tracking_visitors" ADD CONSTRAINT "tracking_visitors_site_id_tracking_sites_id_fk" FOREIGN KEY ("site_id") REFERENCES "public"."tracking_sites"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "tracking_visitors" ADD CONSTRAINT "tracking_visitors_customer_id_customers_id_fk" FOREIGN KEY ("customer_id") REFERENCES "public"."customers"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "tracking_event_receipts_received_idx" ON "tracking_event_receipts" USING btree ("received_at");--> statement-breakpoint
CREATE INDEX "tracking_events_visitor_idx" ON "tracking_events" USING btree ("site_id","visitor_id","occurred_at");--> statement-breakpoint
CREATE UNIQUE INDEX "tracking_sites_key_idx" ON "tracking_sites" USING btree ("site_key");--> statement-breakpoint
CREATE INDEX "tracking_sites_unit_idx" ON "tracking_sites" USING btree ("unit_id","name");--> statement-breakpoint
CREATE INDEX "tracking_visitors_customer_idx" ON "tracking_visitors" USING btree ("customer_id") WHERE "tracking_visitors"."customer_id" is not null;