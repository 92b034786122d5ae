"""Sources that are not plain feeds: news list pages, JSON APIs, article pages."""
