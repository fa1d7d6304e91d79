-- Trigram indexes serve fragment search on phone and ID numbers.
CREATE EXTENSION IF NOT EXISTS pg_trgm;
--> statement-breakpoint
CREATE SEQUENCE IF NOT EXISTS customer_number_seq START 10000001;
