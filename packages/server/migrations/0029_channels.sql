CREATE TABLE "channel_transactions" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"channel_id" uuid NOT NULL,
	"transaction_id" text NOT NULL,
	"customer_id" uuid,
	"kind" text NOT NULL,
	"status" text NOT NULL,
	"reason" text,
	"amount_fen" bigint,
	"phone" text,
	"member_id" text,
	"occurred_at" timestamp with time zone NOT NULL,
	"received_at" timestamp with time zone DEFAULT now() NOT NULL,
	"attributes" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"content_hash" text NOT NULL
);
--> statement-breakpoint
CREATE TABLE "channels" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"unit_id" uuid NOT NULL,
	"code" text NOT NULL,
	"name" text NOT NULL,
	"kind" text NOT NULL,
	"is_active" boolean DEFAULT true NOT NULL,
	"token_hash" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "channel_transactions" ADD CONSTRAINT "channel_transactions_channel_id_channels_id_fk" FOREIGN KEY ("channel_id") REFERENCES "public"."channels"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "channel_transactions" ADD CONSTRAINT "channel_transactions_customer_id_customers_id_fk" FOREIGN KEY ("customer_id") REFERENCES "public"."customers"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "channels" ADD CONSTRAINT "channels_unit_id_org_units_id_fk" FOREIGN KEY ("unit_id") REFERENCES "public"."org_units"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "channel_transactions_id_idx" ON "channel_transactions" USING btree ("channel_id","transaction_id");--> statement-breakpoint
CREATE INDEX "channel_transactions_latest_idx" ON "channel_transactions" USING btree ("channel_id","occurred_at","id");--> statement-breakpoint
CREATE INDEX "channel_transactions_customer_idx" ON "channel_transactions" USING btree ("customer_id") WHERE "channel_transactions"."customer_id" is not null;--> statement-breakpoint
CREATE UNIQUE INDEX "channels_code_idx" ON "channels" USING btree ("code");--> statement-breakpoint
CREATE UNIQUE INDEX "channels_token_idx" ON "channels" USING btree ("token_hash");--> statement-breakpoint
CREATE INDEX "channels_unit_idx" ON "channels" USING btree ("unit_id","name");