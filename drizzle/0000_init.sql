CREATE TABLE "needs" (
	"id" text PRIMARY KEY NOT NULL,
	"version" integer NOT NULL,
	"status" text NOT NULL,
	"language" text NOT NULL,
	"title" text NOT NULL,
	"doc" jsonb NOT NULL,
	"countries" text[] DEFAULT '{}'::text[] NOT NULL,
	"targets" text[] DEFAULT '{}'::text[] NOT NULL,
	"subjects" text[] DEFAULT '{}'::text[] NOT NULL,
	"assistance_types" text[] DEFAULT '{}'::text[] NOT NULL,
	"languages" text[] DEFAULT '{}'::text[] NOT NULL,
	"search" "tsvector" NOT NULL,
	"created_at" timestamp with time zone NOT NULL,
	"updated_at" timestamp with time zone NOT NULL,
	"created_by" text NOT NULL,
	"updated_by" text NOT NULL
);
--> statement-breakpoint
CREATE TABLE "opportunities" (
	"id" text PRIMARY KEY NOT NULL,
	"version" integer NOT NULL,
	"status" text NOT NULL,
	"language" text NOT NULL,
	"title" text NOT NULL,
	"doc" jsonb NOT NULL,
	"countries" text[] DEFAULT '{}'::text[] NOT NULL,
	"targets" text[] DEFAULT '{}'::text[] NOT NULL,
	"subjects" text[] DEFAULT '{}'::text[] NOT NULL,
	"assistance_types" text[] DEFAULT '{}'::text[] NOT NULL,
	"languages" text[] DEFAULT '{}'::text[] NOT NULL,
	"search" "tsvector" NOT NULL,
	"created_at" timestamp with time zone NOT NULL,
	"updated_at" timestamp with time zone NOT NULL,
	"created_by" text NOT NULL,
	"updated_by" text NOT NULL,
	"kind" text NOT NULL,
	"provider_id" text NOT NULL,
	"deadline" date
);
--> statement-breakpoint
CREATE TABLE "providers" (
	"id" text PRIMARY KEY NOT NULL,
	"version" integer NOT NULL,
	"status" text NOT NULL,
	"language" text NOT NULL,
	"title" text NOT NULL,
	"doc" jsonb NOT NULL,
	"countries" text[] DEFAULT '{}'::text[] NOT NULL,
	"targets" text[] DEFAULT '{}'::text[] NOT NULL,
	"subjects" text[] DEFAULT '{}'::text[] NOT NULL,
	"assistance_types" text[] DEFAULT '{}'::text[] NOT NULL,
	"languages" text[] DEFAULT '{}'::text[] NOT NULL,
	"search" "tsvector" NOT NULL,
	"created_at" timestamp with time zone NOT NULL,
	"updated_at" timestamp with time zone NOT NULL,
	"created_by" text NOT NULL,
	"updated_by" text NOT NULL,
	"kind" text NOT NULL,
	"served" text[] DEFAULT '{}'::text[] NOT NULL
);
--> statement-breakpoint
CREATE TABLE "record_versions" (
	"seq" bigserial PRIMARY KEY NOT NULL,
	"record_type" text NOT NULL,
	"record_id" text NOT NULL,
	"version" integer NOT NULL,
	"action" text NOT NULL,
	"doc" jsonb NOT NULL,
	"changes" jsonb NOT NULL,
	"actor" text NOT NULL,
	"created_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "api_tokens" (
	"id" text PRIMARY KEY NOT NULL,
	"name" text NOT NULL,
	"role" text NOT NULL,
	"token_hash" text NOT NULL,
	"read_only" boolean DEFAULT false NOT NULL,
	"created_at" timestamp with time zone NOT NULL,
	"expires_at" timestamp with time zone,
	"revoked_at" timestamp with time zone,
	"last_used_at" timestamp with time zone,
	CONSTRAINT "api_tokens_token_hash_unique" UNIQUE("token_hash")
);
--> statement-breakpoint
CREATE TABLE "concepts" (
	"vocabulary_id" text NOT NULL,
	"id" text NOT NULL,
	"labels" jsonb NOT NULL,
	"notation" text,
	"broader" text[],
	"attributes" jsonb,
	"position" integer NOT NULL,
	CONSTRAINT "concepts_vocabulary_id_id_pk" PRIMARY KEY("vocabulary_id","id")
);
--> statement-breakpoint
CREATE TABLE "vocabularies" (
	"id" text PRIMARY KEY NOT NULL,
	"labels" jsonb NOT NULL,
	"description" jsonb NOT NULL,
	"source" text,
	"position" integer NOT NULL,
	"checksum" text NOT NULL
);
--> statement-breakpoint
ALTER TABLE "opportunities" ADD CONSTRAINT "opportunities_provider_id_providers_id_fk" FOREIGN KEY ("provider_id") REFERENCES "public"."providers"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "concepts" ADD CONSTRAINT "concepts_vocabulary_id_vocabularies_id_fk" FOREIGN KEY ("vocabulary_id") REFERENCES "public"."vocabularies"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "needs_status_updated_idx" ON "needs" USING btree ("status","updated_at");--> statement-breakpoint
CREATE INDEX "needs_updated_idx" ON "needs" USING btree ("updated_at");--> statement-breakpoint
CREATE INDEX "needs_created_idx" ON "needs" USING btree ("created_at");--> statement-breakpoint
CREATE INDEX "needs_countries_idx" ON "needs" USING gin ("countries");--> statement-breakpoint
CREATE INDEX "needs_targets_idx" ON "needs" USING gin ("targets");--> statement-breakpoint
CREATE INDEX "needs_subjects_idx" ON "needs" USING gin ("subjects");--> statement-breakpoint
CREATE INDEX "needs_assistance_idx" ON "needs" USING gin ("assistance_types");--> statement-breakpoint
CREATE INDEX "needs_languages_idx" ON "needs" USING gin ("languages");--> statement-breakpoint
CREATE INDEX "needs_search_idx" ON "needs" USING gin ("search");--> statement-breakpoint
CREATE INDEX "opportunities_status_updated_idx" ON "opportunities" USING btree ("status","updated_at");--> statement-breakpoint
CREATE INDEX "opportunities_updated_idx" ON "opportunities" USING btree ("updated_at");--> statement-breakpoint
CREATE INDEX "opportunities_created_idx" ON "opportunities" USING btree ("created_at");--> statement-breakpoint
CREATE INDEX "opportunities_countries_idx" ON "opportunities" USING gin ("countries");--> statement-breakpoint
CREATE INDEX "opportunities_targets_idx" ON "opportunities" USING gin ("targets");--> statement-breakpoint
CREATE INDEX "opportunities_subjects_idx" ON "opportunities" USING gin ("subjects");--> statement-breakpoint
CREATE INDEX "opportunities_assistance_idx" ON "opportunities" USING gin ("assistance_types");--> statement-breakpoint
CREATE INDEX "opportunities_languages_idx" ON "opportunities" USING gin ("languages");--> statement-breakpoint
CREATE INDEX "opportunities_search_idx" ON "opportunities" USING gin ("search");--> statement-breakpoint
CREATE INDEX "opportunities_provider_idx" ON "opportunities" USING btree ("provider_id");--> statement-breakpoint
CREATE INDEX "opportunities_deadline_idx" ON "opportunities" USING btree ("deadline");--> statement-breakpoint
CREATE INDEX "providers_status_updated_idx" ON "providers" USING btree ("status","updated_at");--> statement-breakpoint
CREATE INDEX "providers_updated_idx" ON "providers" USING btree ("updated_at");--> statement-breakpoint
CREATE INDEX "providers_created_idx" ON "providers" USING btree ("created_at");--> statement-breakpoint
CREATE INDEX "providers_countries_idx" ON "providers" USING gin ("countries");--> statement-breakpoint
CREATE INDEX "providers_targets_idx" ON "providers" USING gin ("targets");--> statement-breakpoint
CREATE INDEX "providers_subjects_idx" ON "providers" USING gin ("subjects");--> statement-breakpoint
CREATE INDEX "providers_assistance_idx" ON "providers" USING gin ("assistance_types");--> statement-breakpoint
CREATE INDEX "providers_languages_idx" ON "providers" USING gin ("languages");--> statement-breakpoint
CREATE INDEX "providers_search_idx" ON "providers" USING gin ("search");--> statement-breakpoint
CREATE INDEX "providers_served_idx" ON "providers" USING gin ("served");--> statement-breakpoint
CREATE UNIQUE INDEX "record_versions_record_version_idx" ON "record_versions" USING btree ("record_type","record_id","version");