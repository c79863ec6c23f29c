"""Search: one text search and one "where" for the directory, the map's data, the API and "Who can help?".

The public face, for any feature that lists things people look for (the partner finder may adopt it):

- ``abcd.search.terms.parse_terms(text)`` → the words typed, folded (case and accents) and grouped;
- ``abcd.search.assets.asset_match(terms)`` → a filter and a relevance rank over ``asset`` rows, run by the
  database's full-text engine (SQLite FTS5, PostgreSQL tsvector), with the skills vocabulary's synonyms;
- ``abcd.search.vocabulary.matching_skill_ids(text)`` → accepted skills found by the same rules;
- ``abcd.search.places.resolve_place(text)`` / ``point_from_args(args)`` → a point from a postcode, an
  outward code, a ward's name or the browser's coordinates (PlaceError when it cannot be placed);
- ``abcd.search.distance`` → distance in SQL (for ordering and a radius) and in Python (to show it).
"""
