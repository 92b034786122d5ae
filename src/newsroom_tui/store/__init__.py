"""The local cache: one SQLite file with feeds, items, state and a search index."""
