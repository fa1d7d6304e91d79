CREATE TABLE "customer_import_readings" (
	"import_id" uuid PRIMARY KEY NOT NULL,
	"reading" text NOT NULL
);
--> statement-breakpoint
ALTER TABLE "customer_import_readings" ADD CONSTRAINT "customer_import_readings_import_id_customer_imports_id_fk" FOREIGN KEY ("import_id") REFERENCES "public"."customer_imports"("id") ON DELETE no action ON UPDATE no action;