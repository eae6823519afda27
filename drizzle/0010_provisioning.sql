CREATE TABLE "provisioning_group_maps" (
	"org_id" text NOT NULL,
	"group_name" text NOT NULL,
	"group_name_lower" text NOT NULL,
	"preset_id" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"created_by" text,
	CONSTRAINT "provisioning_group_maps_org_id_group_name_lower_pk" PRIMARY KEY("org_id","group_name_lower")
);
--> statement-breakpoint
CREATE TABLE "provisioning_orgs" (
	"org_id" text PRIMARY KEY NOT NULL,
	"deprovision" text DEFAULT 'never' NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_by" text,
	"lease_owner" text,
	"lease_until" timestamp with time zone,
	"next_send_at" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "provisioning_tokens" (
	"id" text PRIMARY KEY NOT NULL,
	"org_id" text NOT NULL,
	"name" text NOT NULL,
	"token_hash" text NOT NULL,
	"prefix" text NOT NULL,
	"created_by_user_id" text,
	"created_by_email" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"last_used_at" timestamp with time zone,
	"last_used_ip" text,
	"revoked_at" timestamp with time zone,
	"revoked_by" text
);
--> statement-breakpoint
CREATE TABLE "scim_group_members" (
	"group_id" text NOT NULL,
	"user_id" text NOT NULL,
	CONSTRAINT "scim_group_members_group_id_user_id_pk" PRIMARY KEY("group_id","user_id")
);
--> statement-breakpoint
CREATE TABLE "scim_groups" (
	"id" text PRIMARY KEY NOT NULL,
	"org_id" text NOT NULL,
	"display_name" text NOT NULL,
	"external_id" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"version" integer DEFAULT 1 NOT NULL
);
--> statement-breakpoint
CREATE TABLE "scim_requests" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"org_id" text NOT NULL,
	"token_id" text,
	"token_name" text,
	"method" text NOT NULL,
	"path" text NOT NULL,
	"status" integer NOT NULL,
	"outcome" text,
	"ms" integer NOT NULL,
	"at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "scim_users" (
	"id" text PRIMARY KEY NOT NULL,
	"org_id" text NOT NULL,
	"user_name" text NOT NULL,
	"external_id" text,
	"display_name" text,
	"active" boolean DEFAULT true NOT NULL,
	"attributes" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"version" integer DEFAULT 1 NOT NULL,
	"deleted_at" timestamp with time zone,
	"created_by_token_id" text,
	"atlas_state" text DEFAULT 'none' NOT NULL,
	"atlas_message" text,
	"invitation_id" text,
	"invitation_source" text,
	"atlas_user_id" text,
	"sent_email" text,
	"sent_grants" jsonb,
	"approval_id" text,
	"attention" text,
	"attention_detail" text,
	"dirty_at" timestamp with time zone,
	"sending_at" timestamp with time zone,
	"attempts" integer DEFAULT 0 NOT NULL
);
--> statement-breakpoint
ALTER TABLE "scim_group_members" ADD CONSTRAINT "scim_group_members_group_id_scim_groups_id_fk" FOREIGN KEY ("group_id") REFERENCES "public"."scim_groups"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "scim_group_members" ADD CONSTRAINT "scim_group_members_user_id_scim_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."scim_users"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "provisioning_tokens_hash_idx" ON "provisioning_tokens" USING btree ("token_hash");--> statement-breakpoint
CREATE INDEX "provisioning_tokens_org_idx" ON "provisioning_tokens" USING btree ("org_id","created_at");--> statement-breakpoint
CREATE UNIQUE INDEX "provisioning_tokens_live_name_idx" ON "provisioning_tokens" USING btree ("org_id",lower("name")) WHERE "provisioning_tokens"."revoked_at" is null;--> statement-breakpoint
CREATE INDEX "scim_group_members_user_idx" ON "scim_group_members" USING btree ("user_id");--> statement-breakpoint
CREATE UNIQUE INDEX "scim_groups_name_idx" ON "scim_groups" USING btree ("org_id",lower("display_name"));--> statement-breakpoint
CREATE INDEX "scim_requests_org_idx" ON "scim_requests" USING btree ("org_id","id");--> statement-breakpoint
CREATE UNIQUE INDEX "scim_users_name_idx" ON "scim_users" USING btree ("org_id",lower("user_name")) WHERE "scim_users"."deleted_at" is null;--> statement-breakpoint
CREATE INDEX "scim_users_external_idx" ON "scim_users" USING btree ("org_id","external_id");--> statement-breakpoint
CREATE INDEX "scim_users_dirty_idx" ON "scim_users" USING btree ("org_id","dirty_at") WHERE "scim_users"."dirty_at" is not null;