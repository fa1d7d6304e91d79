ALTER TABLE "tickets" ADD COLUMN "sla_due_at" timestamp with time zone;--> statement-breakpoint
-- Tickets whose clock already runs get what it waits for next: the first response, the next one, or the resolution.
UPDATE "tickets" SET "sla_due_at" = coalesce(CASE WHEN "first_responded_at" IS NULL THEN "first_response_due_at" END, "next_response_due_at", "resolution_due_at")
  WHERE "sla_policy_id" IS NOT NULL AND "merged_into_id" IS NULL AND "status" IN ('new', 'assigned', 'in_progress');--> statement-breakpoint
CREATE INDEX "tickets_unit_sla_due_idx" ON "tickets" USING btree ("unit_id","sla_due_at","id") WHERE "tickets"."sla_due_at" is not null;--> statement-breakpoint
CREATE INDEX "tickets_sla_due_idx" ON "tickets" USING btree ("sla_due_at","id") WHERE "tickets"."sla_due_at" is not null;