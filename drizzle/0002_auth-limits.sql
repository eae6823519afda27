CREATE TABLE "refusal_tallies" (
	"ip" text NOT NULL,
	"user_id" text DEFAULT '' NOT NULL,
	"minute" timestamp with time zone NOT NULL,
	"count" integer NOT NULL,
	"audit_id" text,
	"summarised" boolean DEFAULT false NOT NULL,
	CONSTRAINT "refusal_tallies_ip_user_id_minute_pk" PRIMARY KEY("ip","user_id","minute")
);
--> statement-breakpoint
CREATE TABLE "sign_in_attempts" (
	"email" text PRIMARY KEY NOT NULL,
	"window_start" timestamp with time zone NOT NULL,
	"attempts" integer NOT NULL
);
