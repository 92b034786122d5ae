"""Every list of items the reader shows, built in one place.

`lists` builds the lists (one filter, one visibility rule, one ordering with
a total tie-break, one feed title), so the CLI's `newsroom items`, the TUI's
headline list and saved searches show the same items in the same order;
`search` runs the query language as a list like any other; `sidebar` counts
what the lists hold. Every function reads through a connection the store
object (`store.cache.Cache`) lends, and none of them writes.

Layers: sources -> store -> query -> render -> tui; nothing here imports
what draws.
"""
