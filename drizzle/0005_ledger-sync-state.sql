CREATE TABLE "ledger_sync_state" (
	"org_id" text PRIMARY KEY NOT NULL,
	"connection_id" text,
	"runs" integer DEFAULT 0 NOT NULL,
	"last_started_at" timestamp with time zone,
	"last_finished_at" timestamp with time zone,
	"last_success_at" timestamp with time zone,
	"last_error" text,
	"retry_after_at" timestamp with time zone,
	"last_counts" jsonb,
	"lowest_ratelimit_remaining" integer
);
