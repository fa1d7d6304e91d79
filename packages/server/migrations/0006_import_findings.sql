CREATE TABLE "customer_import_findings" (
	"import_id" uuid NOT NULL,
	"list" text NOT NULL,
	"position" integer NOT NULL,
	"entry" jsonb NOT NULL,
	CONSTRAINT "customer_import_findings_import_id_list_position_pk" PRIMARY KEY("import_id","list","position")
);
--> statement-breakpoint
ALTER TABLE "customer_import_findings" ADD CONSTRAINT "customer_import_findings_import_id_customer_imports_id_fk" FOREIGN KEY ("import_id") REFERENCES "public"."customer_imports"("id") ON DELETE no action ON UPDATE no action;