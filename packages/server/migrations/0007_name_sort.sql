ALTER TABLE "customers" ADD COLUMN "name_sort" text;--> statement-breakpoint
CREATE INDEX "customers_name_sort_idx" ON "customers" USING btree ("name_sort","id");--> statement-breakpoint
CREATE INDEX "customers_name_sort_missing_idx" ON "customers" USING btree ("id") WHERE "customers"."name_sort" is null;