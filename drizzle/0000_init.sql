CREATE TABLE "atlas_connections" (
	"id" text PRIMARY KEY NOT NULL,
	"name" text NOT NULL,
	"base_url" text NOT NULL,
	"client_id" text NOT NULL,
	"secret_ciphertext" text NOT NULL,
	"secret_key_id" text NOT NULL,
	"secret_last4" text NOT NULL,
	"invites_api" text DEFAULT 'users' NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"secret_rotated_at" timestamp with time zone,
	"last_test_at" timestamp with time zone,
	"last_test" jsonb,
	"orgs_seen" jsonb DEFAULT '[]'::jsonb NOT NULL
);
--> statement-breakpoint
CREATE TABLE "audit_events" (
	"seq" bigserial PRIMARY KEY NOT NULL,
	"audit_id" text NOT NULL,
	"kind" text NOT NULL,
	"data" text NOT NULL,
	"prev_hash" text NOT NULL,
	"hash" text NOT NULL
);
--> statement-breakpoint
CREATE TABLE "audit_rows" (
	"id" text PRIMARY KEY NOT NULL,
	"created_at" timestamp with time zone NOT NULL,
	"completed_at" timestamp with time zone,
	"user_id" text,
	"user_email" text,
	"ip" text,
	"user_agent" text,
	"action" text NOT NULL,
	"connection_id" text,
	"org_id" text,
	"target_email" text,
	"target_id" text,
	"grants" jsonb,
	"outcome" text NOT NULL,
	"atlas_status" integer,
	"atlas_error_code" text,
	"detail" text
);
--> statement-breakpoint
CREATE TABLE "idempotency_records" (
	"id" text PRIMARY KEY NOT NULL,
	"org_id" text NOT NULL,
	"email" text NOT NULL,
	"idempotency_key" text,
	"state" text NOT NULL,
	"result" jsonb,
	"audit_id" text,
	"created_at" timestamp with time zone NOT NULL,
	"completed_at" timestamp with time zone
);
--> statement-breakpoint
CREATE UNIQUE INDEX "atlas_connections_name_key" ON "atlas_connections" USING btree ("name");--> statement-breakpoint
CREATE INDEX "audit_events_audit_id_idx" ON "audit_events" USING btree ("audit_id");--> statement-breakpoint
CREATE INDEX "audit_rows_created_at_idx" ON "audit_rows" USING btree ("created_at");--> statement-breakpoint
CREATE INDEX "audit_rows_action_idx" ON "audit_rows" USING btree ("action","created_at");--> statement-breakpoint
CREATE INDEX "audit_rows_org_idx" ON "audit_rows" USING btree ("org_id","created_at");--> statement-breakpoint
CREATE INDEX "audit_rows_target_email_idx" ON "audit_rows" USING btree (lower("target_email"));--> statement-breakpoint
CREATE INDEX "audit_rows_pending_idx" ON "audit_rows" USING btree ("created_at") WHERE "audit_rows"."outcome" = 'pending';--> statement-breakpoint
CREATE UNIQUE INDEX "idempotency_pending_uq" ON "idempotency_records" USING btree ("org_id",lower("email")) WHERE "idempotency_records"."state" = 'pending';--> statement-breakpoint
CREATE UNIQUE INDEX "idempotency_key_uq" ON "idempotency_records" USING btree ("org_id","idempotency_key",lower("email")) WHERE "idempotency_records"."idempotency_key" is not null;--> statement-breakpoint
CREATE INDEX "idempotency_created_at_idx" ON "idempotency_records" USING btree ("created_at");