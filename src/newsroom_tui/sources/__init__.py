"""Sources that are not plain feeds: news list pages (HTML), JSON APIs, article pages.

Each module reads one kind and ends in the same ParsedFeed/ParsedItem models
the cache already stores, so the store never knows where an item came from.
"""
