CREATE TABLE "case_events" (
	"id" text PRIMARY KEY NOT NULL,
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
CREATE INDEX "case_events_need_idx" ON "case_events" USING btree ("need_id","at");--> statement-breakpoint
-- The request lifecycle (src/domain/lifecycle/need-lifecycle.ts) renames two states: a request in
-- progress is "in_implementation"; "closed" requests were finished ones: "completed".
UPDATE "needs" SET "status" = 'in_implementation', "doc" = jsonb_set("doc", '{status}', '"in_implementation"') WHERE "status" = 'in_progress';
--> statement-breakpoint
UPDATE "needs" SET "status" = 'completed', "doc" = jsonb_set("doc", '{status}', '"completed"') WHERE "status" = 'closed';
