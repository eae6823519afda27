CREATE TABLE "ledger_sync_state" (
	"org_id" text PRIMARY KEY NOT NULL,
	"connection_id" text,
	"last_started_at" timestamp with time zone,
	"last_finished_at" timestamp with time zone,
	"last_ok_at" timestamp with time zone,
	"last_error" text,
	"counts" jsonb,
	"runs" integer DEFAULT 0 NOT NULL
);
