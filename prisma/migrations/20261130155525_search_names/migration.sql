-- Search (lib/search): a member's name and membership number are words of each of their cases, so a name
-- found exactly costs one GIN lookup like any other word. Trigram likeness (names with typos) is then only
-- asked for when the words find nothing: on the embedded database a trigram scan of 10,000 names takes
-- about half a second. Function bodies: E-strings with each statement end written as \073 (see 20261130150921_search).
CREATE OR REPLACE FUNCTION reinstate_search_case() RETURNS trigger LANGUAGE plpgsql AS E'
  BEGIN NEW."searchVector" := setweight(to_tsvector(''reinstate_search'', coalesce(NEW."reference", '''')), ''A'') || setweight(to_tsvector(''reinstate_search'', coalesce((SELECT p."fullName" || '' '' || coalesce(p."membershipNumber", '''') FROM "Person" p WHERE p."id" = NEW."personId"), '''')), ''A'') || setweight(to_tsvector(''reinstate_search'', coalesce(NEW."summary", '''')), ''B'')\073 RETURN NEW\073 END
';
DROP TRIGGER "Case_search" ON "Case";
CREATE TRIGGER "Case_search" BEFORE INSERT OR UPDATE OF "reference", "summary", "personId" ON "Case"
  FOR EACH ROW EXECUTE FUNCTION reinstate_search_case();

-- A change of name or membership number is written into every case of the person.
CREATE FUNCTION reinstate_search_person_cases() RETURNS trigger LANGUAGE plpgsql AS E'
  BEGIN UPDATE "Case" SET "personId" = "personId" WHERE "personId" = NEW."id"\073 RETURN NULL\073 END
';
CREATE TRIGGER "Person_search_cases" AFTER UPDATE OF "fullName", "membershipNumber" ON "Person"
  FOR EACH ROW EXECUTE FUNCTION reinstate_search_person_cases();

UPDATE "Case" SET "personId" = "personId";
