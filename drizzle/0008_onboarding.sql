CREATE TABLE "approval_requests" (
	"id" text PRIMARY KEY NOT NULL,
	"org_id" text NOT NULL,
	"email" text NOT NULL,
	"grants" jsonb NOT NULL,
	"reasons" jsonb NOT NULL,
	"status" text DEFAULT 'pending' NOT NULL,
	"requested_by_user_id" text NOT NULL,
	"requested_by_email" text NOT NULL,
	"request_reason" text DEFAULT '' NOT NULL,
	"decided_by_user_id" text,
	"decided_by_email" text,
	"decision_reason" text,
	"result" jsonb,
	"bulk_run_id" text,
	"bulk_line" integer,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"expires_at" timestamp with time zone NOT NULL,
	"decided_at" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "bulk_rows" (
	"run_id" text NOT NULL,
	"line" integer NOT NULL,
	"original" jsonb NOT NULL,
	"email" text NOT NULL,
	"grants" jsonb,
	"target" jsonb,
	"bucket" text NOT NULL,
	"field" text,
	"reason" text,
	"state" text NOT NULL,
	"outcome" text,
	"message" text,
	"atlas_error_code" text,
	"http_status" integer,
	"invitation_id" text,
	"expires_at" timestamp with time zone,
	"attempts" integer DEFAULT 0 NOT NULL,
	"started_at" timestamp with time zone,
	"finished_at" timestamp with time zone,
	CONSTRAINT "bulk_rows_run_id_line_pk" PRIMARY KEY("run_id","line")
);
--> statement-breakpoint
CREATE TABLE "bulk_runs" (
	"id" text PRIMARY KEY NOT NULL,
	"org_id" text NOT NULL,
	"kind" text NOT NULL,
	"status" text NOT NULL,
	"label" text DEFAULT '' NOT NULL,
	"headers" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"options" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"total" integer DEFAULT 0 NOT NULL,
	"parent_run_id" text,
	"created_by_user_id" text NOT NULL,
	"created_by_email" text NOT NULL,
	"created_by_role" text NOT NULL,
	"lease_owner" text,
	"lease_until" timestamp with time zone,
	"next_send_at" timestamp with time zone,
	"rate_limit" integer,
	"rate_remaining" integer,
	"rate_429s" integer DEFAULT 0 NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"started_at" timestamp with time zone,
	"finished_at" timestamp with time zone,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "org_policies" (
	"org_id" text PRIMARY KEY NOT NULL,
	"allowed_domains" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"outside_domains" text DEFAULT 'refuse' NOT NULL,
	"approval_roles" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"approval_expires_hours" integer DEFAULT 72 NOT NULL,
	"updated_by_email" text,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "org_presets" (
	"id" text PRIMARY KEY NOT NULL,
	"org_id" text NOT NULL,
	"name" text NOT NULL,
	"description" text DEFAULT '' NOT NULL,
	"grants" jsonb NOT NULL,
	"is_default" boolean DEFAULT false NOT NULL,
	"created_by_email" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "bulk_rows" ADD CONSTRAINT "bulk_rows_run_id_bulk_runs_id_fk" FOREIGN KEY ("run_id") REFERENCES "public"."bulk_runs"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "approval_requests_org_status_idx" ON "approval_requests" USING btree ("org_id","status","created_at");--> statement-breakpoint
CREATE UNIQUE INDEX "approval_requests_pending_uq" ON "approval_requests" USING btree ("org_id","email") WHERE "approval_requests"."status" = 'pending';--> statement-breakpoint
CREATE INDEX "bulk_rows_state_idx" ON "bulk_rows" USING btree ("run_id","state","line");--> statement-breakpoint
CREATE INDEX "bulk_runs_org_idx" ON "bulk_runs" USING btree ("org_id","created_at");--> statement-breakpoint
CREATE UNIQUE INDEX "bulk_runs_active_uq" ON "bulk_runs" USING btree ("org_id") WHERE "bulk_runs"."status" in ('running', 'paused', 'pausing', 'cancelling');--> statement-breakpoint
CREATE UNIQUE INDEX "org_presets_name_uq" ON "org_presets" USING btree ("org_id",lower("name"));--> statement-breakpoint
CREATE UNIQUE INDEX "org_presets_default_uq" ON "org_presets" USING btree ("org_id") WHERE "org_presets"."is_default";