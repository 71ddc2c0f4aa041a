-- Keyword search without a scan. Chinese queries are often two characters (噪音, 停水), too short
-- for pg_trgm, so the search text is indexed by its characters and character bigrams
-- (lowercased): a word can be in a text only if all its characters and bigrams are, and ILIKE
-- then confirms it on the few candidates. The function is immutable, so the index keeps it.
CREATE FUNCTION hotline_grams(t text) RETURNS text[]
LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE AS $$
    SELECT coalesce(array_agg(DISTINCT g), '{}')
    FROM (SELECT lower(t) AS l) s,
         generate_series(1, char_length(s.l)) AS i,
         LATERAL (VALUES (substr(s.l, i, 1)), (substr(s.l, i, 2))) AS v(g)
$$;
CREATE INDEX tickets_search_grams ON tickets USING gin (hotline_grams(search_text));
