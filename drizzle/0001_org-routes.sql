CREATE TABLE "org_routes" (
	"org_id" text PRIMARY KEY NOT NULL,
	"org_name" text NOT NULL,
	"connection_id" text NOT NULL,
	"chosen_by_user_id" text,
	"chosen_by_email" text,
	"chosen_at" timestamp with time zone DEFAULT now() NOT NULL
);
