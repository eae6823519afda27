CREATE TABLE "invitation_ledger" (
	"id" text PRIMARY KEY NOT NULL,
	"connection_id" text NOT NULL,
	"org_id" text NOT NULL,
	"email" text NOT NULL,
	"source" text NOT NULL,
	"project_id" text DEFAULT '' NOT NULL,
	"status" text NOT NULL,
	"grants" jsonb NOT NULL,
	"invitation_id" text,
	"user_id" text,
	"inviter" text,
	"created_by_user_id" text,
	"created_by_email" text,
	"atlas_created_at" timestamp with time zone,
	"expires_at" timestamp with time zone,
	"status_changed_at" timestamp with time zone NOT NULL,
	"last_seen_at" timestamp with time zone,
	"superseded_by" text,
	"pending_operation" jsonb,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "invitation_ledger_events" (
	"seq" bigserial PRIMARY KEY NOT NULL,
	"ledger_id" text NOT NULL,
	"org_id" text NOT NULL,
	"email" text NOT NULL,
	"at" timestamp with time zone DEFAULT now() NOT NULL,
	"kind" text NOT NULL,
	"from_status" text,
	"to_status" text,
	"audit_id" text,
	"actor_user_id" text,
	"actor_email" text,
	"detail" jsonb
);
--> statement-breakpoint
ALTER TABLE "invitation_ledger_events" ADD CONSTRAINT "invitation_ledger_events_ledger_id_invitation_ledger_id_fk" FOREIGN KEY ("ledger_id") REFERENCES "public"."invitation_ledger"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "invitation_ledger_org_status_idx" ON "invitation_ledger" USING btree ("org_id","status","status_changed_at");--> statement-breakpoint
CREATE INDEX "invitation_ledger_email_idx" ON "invitation_ledger" USING btree ("org_id","email");--> statement-breakpoint
CREATE UNIQUE INDEX "invitation_ledger_pending_uq" ON "invitation_ledger" USING btree ("org_id","email","source","project_id") WHERE "invitation_ledger"."status" = 'pending';--> statement-breakpoint
CREATE INDEX "invitation_ledger_events_ledger_idx" ON "invitation_ledger_events" USING btree ("ledger_id","seq");--> statement-breakpoint
CREATE INDEX "invitation_ledger_events_person_idx" ON "invitation_ledger_events" USING btree ("org_id","email","seq");