CREATE TABLE "tracking_survey_responses" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"survey_id" uuid NOT NULL,
	"submission_id" text NOT NULL,
	"visitor_id" text,
	"customer_id" uuid,
	"answers" jsonb NOT NULL,
	"submitted_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "tracking_surveys" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"site_id" uuid NOT NULL,
	"unit_id" uuid NOT NULL,
	"key" text NOT NULL,
	"status" text DEFAULT 'draft' NOT NULL,
	"title" text NOT NULL,
	"intro" text DEFAULT '' NOT NULL,
	"thanks" text DEFAULT '' NOT NULL,
	"questions" jsonb NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"opened_at" timestamp with time zone,
	"closed_at" timestamp with time zone
);
--> statement-breakpoint
ALTER TABLE "tracking_survey_responses" ADD CONSTRAINT "tracking_survey_responses_survey_id_tracking_surveys_id_fk" FOREIGN KEY ("survey_id") REFERENCES "public"."tracking_surveys"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "tracking_survey_responses" ADD CONSTRAINT "tracking_survey_responses_customer_id_customers_id_fk" FOREIGN KEY ("customer_id") REFERENCES "public"."customers"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "tracking_surveys" ADD CONSTRAINT "tracking_surveys_site_id_tracking_sites_id_fk" FOREIGN KEY ("site_id") REFERENCES "public"."tracking_sites"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "tracking_surveys" ADD CONSTRAINT "tracking_surveys_unit_id_org_units_id_fk" FOREIGN KEY ("unit_id") REFERENCES "public"."org_units"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "tracking_survey_responses_submission_idx" ON "tracking_survey_responses" USING btree ("survey_id","submission_id");--> statement-breakpoint
CREATE INDEX "tracking_survey_responses_time_idx" ON "tracking_survey_responses" USING btree ("survey_id","submitted_at","id");--> statement-breakpoint
CREATE INDEX "tracking_survey_responses_customer_idx" ON "tracking_survey_responses" USING btree ("customer_id") WHERE "tracking_survey_responses"."customer_id" is not null;--> statement-breakpoint
CREATE UNIQUE INDEX "tracking_surveys_key_idx" ON "tracking_surveys" USING btree ("key");--> statement-breakpoint
CREATE INDEX "tracking_surveys_site_idx" ON "tracking_surveys" USING btree ("site_id","created_at");--> statement-breakpoint
CREATE INDEX "tracking_surveys_unit_idx" ON "tracking_surveys" USING btree ("unit_id");