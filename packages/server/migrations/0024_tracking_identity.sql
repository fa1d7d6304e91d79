-- Sites registered before identity existed get a secret too. gen_random_uuid() draws from the
-- store's strong random source on PostgreSQL and PGlite alike (pgcrypto is not needed): two v4
-- uuids without dashes give 64 hex characters (244 random bits), the shape the server makes.
ALTER TABLE "tracking_sites" ADD COLUMN "identity_secret" text;--> statement-breakpoint
UPDATE "tracking_sites" SET "identity_secret" = replace(gen_random_uuid()::text, '-', '') || replace(gen_random_uuid()::text, '-', '');--> statement-breakpoint
ALTER TABLE "tracking_sites" ALTER COLUMN "identity_secret" SET NOT NULL;
