-- Search (lib/search, docs/decisions/0022): full-text search with English stemming and accents ignored, plus
-- trigram matching for names and references. PGlite loads both extensions when it is created (lib/db/pglite.ts).
CREATE EXTENSION IF NOT EXISTS pg_trgm;
CREATE EXTENSION IF NOT EXISTS unaccent;

-- English with accents removed before stemming: "Zoë" and "zoe" are one word, "suspended" is "suspend".
CREATE TEXT SEARCH CONFIGURATION reinstate_search (COPY = english);
ALTER TEXT SEARCH CONFIGURATION reinstate_search
  ALTER MAPPING FOR hword, hword_part, word WITH unaccent, english_stem;

-- AlterTable
ALTER TABLE "Case" ADD COLUMN     "searchVector" tsvector;

-- AlterTable
ALTER TABLE "Evidence" ADD COLUMN     "capturedText" TEXT,
ADD COLUMN     "searchVector" tsvector;

-- AlterTable
ALTER TABLE "Letter" ADD COLUMN     "searchVector" tsvector;

-- AlterTable
ALTER TABLE "Person" ADD COLUMN     "searchName" TEXT;

-- AlterTable
ALTER TABLE "Sanction" ADD COLUMN     "searchVector" tsvector;

-- AlterTable
ALTER TABLE "TimelineEvent" ADD COLUMN     "searchVector" tsvector;

-- The search columns are kept by triggers from the row's own text, so every writer (raw SQL included) keeps
-- them right, and only a change of the text recomputes them. Prisma's diff ignores functions and triggers,
-- and schema.prisma declares the columns and their indexes, so the diff neither adds nor drops anything.
-- The function bodies are E-strings with each statement end written as \073: the PostgreSQL driver adapter
-- that applies migrations splits a script at every semicolon, quoted or not.
CREATE FUNCTION reinstate_search_case() RETURNS trigger LANGUAGE plpgsql AS E'
  BEGIN NEW."searchVector" := setweight(to_tsvector(''reinstate_search'', coalesce(NEW."reference", '''')), ''A'') || setweight(to_tsvector(''reinstate_search'', coalesce(NEW."summary", '''')), ''B'')\073 RETURN NEW\073 END
';
CREATE TRIGGER "Case_search" BEFORE INSERT OR UPDATE OF "reference", "summary" ON "Case"
  FOR EACH ROW EXECUTE FUNCTION reinstate_search_case();

CREATE FUNCTION reinstate_search_person() RETURNS trigger LANGUAGE plpgsql AS E'
  BEGIN NEW."searchName" := lower(unaccent(coalesce(NEW."fullName", '''')))\073 RETURN NEW\073 END
';
CREATE TRIGGER "Person_search" BEFORE INSERT OR UPDATE OF "fullName" ON "Person"
  FOR EACH ROW EXECUTE FUNCTION reinstate_search_person();

CREATE FUNCTION reinstate_search_sanction() RETURNS trigger LANGUAGE plpgsql AS E'
  BEGIN NEW."searchVector" := setweight(to_tsvector(''reinstate_search'', coalesce(NEW."reasonText", '''')), ''B'')\073 RETURN NEW\073 END
';
CREATE TRIGGER "Sanction_search" BEFORE INSERT OR UPDATE OF "reasonText" ON "Sanction"
  FOR EACH ROW EXECUTE FUNCTION reinstate_search_sanction();

CREATE FUNCTION reinstate_search_event() RETURNS trigger LANGUAGE plpgsql AS E'
  BEGIN NEW."searchVector" := setweight(to_tsvector(''reinstate_search'', coalesce(NEW."title", '''')), ''A'') || setweight(to_tsvector(''reinstate_search'', coalesce(NEW."details", '''')), ''B'')\073 RETURN NEW\073 END
';
CREATE TRIGGER "TimelineEvent_search" BEFORE INSERT OR UPDATE OF "title", "details" ON "TimelineEvent"
  FOR EACH ROW EXECUTE FUNCTION reinstate_search_event();

CREATE FUNCTION reinstate_search_evidence() RETURNS trigger LANGUAGE plpgsql AS E'
  BEGIN NEW."searchVector" := setweight(to_tsvector(''reinstate_search'', coalesce(NEW."title", '''')), ''A'') || setweight(to_tsvector(''reinstate_search'', coalesce(NEW."capturedText", '''')), ''B'')\073 RETURN NEW\073 END
';
CREATE TRIGGER "Evidence_search" BEFORE INSERT OR UPDATE OF "title", "capturedText" ON "Evidence"
  FOR EACH ROW EXECUTE FUNCTION reinstate_search_evidence();

CREATE FUNCTION reinstate_search_letter() RETURNS trigger LANGUAGE plpgsql AS E'
  BEGIN NEW."searchVector" := setweight(to_tsvector(''reinstate_search'', coalesce(NEW."title", '''')), ''A'') || setweight(to_tsvector(''reinstate_search'', coalesce(NEW."body", '''')), ''B'') || setweight(to_tsvector(''reinstate_search'', coalesce(NEW."recipient", '''')), ''C'')\073 RETURN NEW\073 END
';
CREATE TRIGGER "Letter_search" BEFORE INSERT OR UPDATE OF "title", "body", "recipient" ON "Letter"
  FOR EACH ROW EXECUTE FUNCTION reinstate_search_letter();

-- Rows written before this migration: the triggers fill them.
UPDATE "Case" SET "reference" = "reference";
UPDATE "Person" SET "fullName" = "fullName";
UPDATE "Sanction" SET "reasonText" = "reasonText" WHERE "reasonText" IS NOT NULL;
UPDATE "TimelineEvent" SET "title" = "title";
UPDATE "Evidence" SET "title" = "title";
UPDATE "Letter" SET "title" = "title";

-- CreateIndex
CREATE INDEX "Case_searchVector_idx" ON "Case" USING GIN ("searchVector");

-- CreateIndex
CREATE INDEX "Case_reference_idx" ON "Case" USING GIN ("reference" gin_trgm_ops);

-- CreateIndex
CREATE INDEX "Evidence_searchVector_idx" ON "Evidence" USING GIN ("searchVector");

-- CreateIndex
CREATE INDEX "Letter_searchVector_idx" ON "Letter" USING GIN ("searchVector");

-- CreateIndex
CREATE INDEX "Person_searchName_idx" ON "Person" USING GIN ("searchName" gin_trgm_ops);

-- CreateIndex
CREATE INDEX "Sanction_searchVector_idx" ON "Sanction" USING GIN ("searchVector");

-- CreateIndex
CREATE INDEX "TimelineEvent_searchVector_idx" ON "TimelineEvent" USING GIN ("searchVector");
