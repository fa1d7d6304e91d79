CREATE TABLE "tracking_daily" (
	"site_id" uuid NOT NULL,
	"day" date NOT NULL,
	"shard" smallint NOT NULL,
	"page_views" integer DEFAULT 0 NOT NULL,
	"sessions" integer DEFAULT 0 NOT NULL,
	"bounces" integer DEFAULT 0 NOT NULL,
	"session_ms" bigint DEFAULT 0 NOT NULL,
	CONSTRAINT "tracking_daily_site_id_day_shard_pk" PRIMARY KEY("site_id","day","shard")
);
--> statement-breakpoint
CREATE TABLE "tracking_daily_visitors" (
	"site_id" uuid NOT NULL,
	"day" date NOT NULL,
	"gap" smallint NOT NULL,
	"shard" smallint NOT NULL,
	"visitors" integer DEFAULT 0 NOT NULL,
	CONSTRAINT "tracking_daily_visitors_site_id_day_gap_shard_pk" PRIMARY KEY("site_id","day","gap","shard")
);
--> statement-breakpoint
CREATE TABLE "tracking_retention" (
	"site_id" uuid NOT NULL,
	"by" text NOT NULL,
	"cohort" date NOT NULL,
	"bucket" date NOT NULL,
	"first_day" date NOT NULL,
	"shard" smallint NOT NULL,
	"visitors" integer DEFAULT 0 NOT NULL,
	CONSTRAINT "tracking_retention_site_id_by_cohort_bucket_first_day_shard_pk" PRIMARY KEY("site_id","by","cohort","bucket","first_day","shard")
);
--> statement-breakpoint
CREATE TABLE "tracking_rollups" (
	"site_id" uuid PRIMARY KEY NOT NULL,
	"time_zone" text NOT NULL,
	"built_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "tracking_visitors" ADD COLUMN "active_days" integer[] DEFAULT '{}' NOT NULL;--> statement-breakpoint
ALTER TABLE "tracking_visitors" ADD COLUMN "session_started_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "tracking_visitors" ADD COLUMN "session_events" integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE "tracking_rollups" ADD CONSTRAINT "tracking_rollups_site_id_tracking_sites_id_fk" FOREIGN KEY ("site_id") REFERENCES "public"."tracking_sites"("id") ON DELETE no action ON UPDATE no action;