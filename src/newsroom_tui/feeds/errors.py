"""Errors the fetch/parse pipeline reports as one-line reasons."""


class FeedError(Exception):
    """A feed could not be fetched or read; str() is the one-line reason."""


class ParseError(FeedError):
    """The bytes are not a feed we can read."""
