"""Errors the fetch/parse pipeline reports as one-line reasons."""


class FeedError(Exception):
    """A feed could not be fetched or read; str() is the one-line reason."""


class ParseError(FeedError):
    """The bytes are not a feed we can read.

    `title` is the channel title read before the document broke, if any: the
    subscription keeps it with the error.
    """

    def __init__(self, reason: str, *, title: str = "") -> None:
        super().__init__(reason)
        self.title = title
