CREATE TABLE "agreements" (
	"id" text PRIMARY KEY NOT NULL,
	"need_id" text NOT NULL,
	"match_id" text NOT NULL,
	"provider_id" text NOT NULL,
	"state" text NOT NULL,
	"type" text NOT NULL,
	"modality" text NOT NULL,
	"countries" text[] NOT NULL,
	"doc" jsonb NOT NULL,
	"requester_confirmed_at" timestamp with time zone,
	"provider_confirmed_at" timestamp with time zone,
	"version" integer DEFAULT 1 NOT NULL,
	"created_at" timestamp with time zone NOT NULL,
	"updated_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "case_events" (
	"id" text PRIMARY KEY NOT NULL,
	"seq" bigserial NOT NULL,
	"need_id" text NOT NULL,
	"at" timestamp with time zone NOT NULL,
	"kind" text NOT NULL,
	"name" text,
	"from_state" text,
	"to_state" text,
	"reason" text,
	"via" text DEFAULT 'platform' NOT NULL,
	"actor" text NOT NULL,
	"user_id" text,
	"data" jsonb DEFAULT '{}'::jsonb NOT NULL
);
--> statement-breakpoint
CREATE TABLE "evaluations" (
	"id" text PRIMARY KEY NOT NULL,
	"agreement_id" text NOT NULL,
	"side" text NOT NULL,
	"usefulness" integer NOT NULL,
	"changes" text NOT NULL,
	"lessons" text NOT NULL,
	"language" text NOT NULL,
	"publish" boolean NOT NULL,
	"by" text NOT NULL,
	"created_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "matches" (
	"id" text PRIMARY KEY NOT NULL,
	"need_id" text NOT NULL,
	"offer_type" text NOT NULL,
	"offer_id" text NOT NULL,
	"provider_id" text NOT NULL,
	"state" text NOT NULL,
	"proposed_by" text NOT NULL,
	"proposed_as" text NOT NULL,
	"note" text,
	"requester_accepted_at" timestamp with time zone,
	"provider_accepted_at" timestamp with time zone,
	"provider_answered_at" timestamp with time zone,
	"decline_reason" text,
	"declined_by" text,
	"version" integer DEFAULT 1 NOT NULL,
	"created_at" timestamp with time zone NOT NULL,
	"updated_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "pending_mails" (
	"id" text PRIMARY KEY NOT NULL,
	"user_id" text NOT NULL,
	"subject" text NOT NULL,
	"text" text NOT NULL,
	"created_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "reminders_sent" (
	"key" text PRIMARY KEY NOT NULL,
	"sent_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
ALTER TABLE "support_centres" ADD COLUMN "host" text;--> statement-breakpoint
ALTER TABLE "support_centres" ADD COLUMN "region" text;--> statement-breakpoint
ALTER TABLE "support_centres" ADD COLUMN "email" text;--> statement-breakpoint
ALTER TABLE "support_centres" ADD COLUMN "subregions" text[] DEFAULT '{}'::text[] NOT NULL;--> statement-breakpoint
ALTER TABLE "support_centres" ADD COLUMN "assigned_countries" text[] DEFAULT '{}'::text[] NOT NULL;--> statement-breakpoint
ALTER TABLE "users" ADD COLUMN "notify_mode" text DEFAULT 'immediate' NOT NULL;--> statement-breakpoint
CREATE UNIQUE INDEX "agreements_match_idx" ON "agreements" USING btree ("match_id");--> statement-breakpoint
CREATE INDEX "agreements_need_idx" ON "agreements" USING btree ("need_id");--> statement-breakpoint
CREATE INDEX "case_events_need_idx" ON "case_events" USING btree ("need_id","at");--> statement-breakpoint
CREATE UNIQUE INDEX "evaluations_side_idx" ON "evaluations" USING btree ("agreement_id","side");--> statement-breakpoint
CREATE INDEX "matches_need_idx" ON "matches" USING btree ("need_id");--> statement-breakpoint
CREATE INDEX "matches_provider_idx" ON "matches" USING btree ("provider_id");--> statement-breakpoint
CREATE UNIQUE INDEX "matches_open_idx" ON "matches" USING btree ("need_id","offer_type","offer_id") WHERE "matches"."state" <> 'declined';--> statement-breakpoint
CREATE INDEX "pending_mails_user_idx" ON "pending_mails" USING btree ("user_id","created_at");--> statement-breakpoint
-- Centres saved before subregions existed: their countries were assigned one by one.
UPDATE "support_centres" SET "assigned_countries" = "countries";
--> statement-breakpoint
-- The request lifecycle (src/domain/lifecycle/need-lifecycle.ts) renames two states: a request in
-- progress is "in_implementation"; "closed" requests were finished ones: "completed".
UPDATE "needs" SET "status" = 'in_implementation', "doc" = jsonb_set("doc", '{status}', '"in_implementation"') WHERE "status" = 'in_progress';
--> statement-breakpoint
UPDATE "needs" SET "status" = 'completed', "doc" = jsonb_set("doc", '{status}', '"completed"') WHERE "status" = 'closed';
