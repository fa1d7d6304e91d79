CREATE TABLE "demo_loads" (
	"id" integer PRIMARY KEY DEFAULT 1 NOT NULL,
	"customers_wanted" integer NOT NULL,
	"customers_loaded" integer DEFAULT 0 NOT NULL,
	"started_at" timestamp with time zone DEFAULT now() NOT NULL,
	"finished_at" timestamp with time zone
);
