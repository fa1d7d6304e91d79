CREATE TABLE "throttles" (
	"rule" text NOT NULL,
	"subject" text NOT NULL,
	"source" text DEFAULT '' NOT NULL,
	"failures" double precision DEFAULT 0 NOT NULL,
	"last_failure_at" timestamp with time zone,
	"wait_until" timestamp with time zone,
	CONSTRAINT "throttles_rule_subject_source_pk" PRIMARY KEY("rule","subject","source")
);
--> statement-breakpoint
CREATE INDEX "throttles_last_failure_idx" ON "throttles" USING btree ("last_failure_at");--> statement-breakpoint
ALTER TABLE "users" DROP COLUMN "failed_sign_ins";--> statement-breakpoint
ALTER TABLE "users" DROP COLUMN "locked_until";