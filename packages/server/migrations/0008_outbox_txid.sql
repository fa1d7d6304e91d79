ALTER TABLE "outbox_events" ADD COLUMN "txid" "xid8" DEFAULT pg_current_xact_id() NOT NULL;--> statement-breakpoint
CREATE INDEX "outbox_txid_idx" ON "outbox_events" USING btree ("txid","id");