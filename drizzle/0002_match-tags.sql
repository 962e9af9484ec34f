ALTER TABLE "needs" ADD COLUMN "concepts" text[] DEFAULT '{}'::text[] NOT NULL;--> statement-breakpoint
ALTER TABLE "needs" ADD COLUMN "match_tags" jsonb;--> statement-breakpoint
ALTER TABLE "opportunities" ADD COLUMN "concepts" text[] DEFAULT '{}'::text[] NOT NULL;--> statement-breakpoint
ALTER TABLE "opportunities" ADD COLUMN "match_tags" jsonb;--> statement-breakpoint
ALTER TABLE "providers" ADD COLUMN "concepts" text[] DEFAULT '{}'::text[] NOT NULL;--> statement-breakpoint
ALTER TABLE "providers" ADD COLUMN "match_tags" jsonb;--> statement-breakpoint
CREATE INDEX "needs_concepts_idx" ON "needs" USING gin ("concepts");--> statement-breakpoint
CREATE INDEX "opportunities_concepts_idx" ON "opportunities" USING gin ("concepts");--> statement-breakpoint
CREATE INDEX "providers_concepts_idx" ON "providers" USING gin ("concepts");