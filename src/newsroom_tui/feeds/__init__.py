"""Getting feeds: HTTP and file fetching, and parsing RSS, Atom and JSON Feed."""
