"""Our reader for RSS 0.9x/1.0/2.0 and Atom 0.3/1.0, walking lxml's tree.

libxml2 builds the tree in C at well over 100 MB/s; this package then visits
each item's children once and keeps the fields a ParsedFeed needs: title,
link, guid, author, dates, summary, content and media:statistics views.
Extensions read: content:encoded, dc:* (title, creator, date, description),
dcterms dates, itunes (summary, author), media:* (title, description,
statistics, also inside media:group/media:community), xhtml:body, and
xml:base for links. An item's pictures beside its text (media:content,
media:thumbnail, image enclosures) follow feeds/media.py's rules.

`walk_feed` returns None for anything it does not recognise or cannot parse
(ill-formed XML, another root element, an encoding the HTTP headers
contradict); `parse.parse_feed` then asks feedparser's public `parse()`.

Item identity is stored (store/rows.py: guid, else link, else a hash of the
text), so the rules that decide guid and link follow what feedparser 6
returns for the same document; tests/unit/test_dedup_compat.py holds the
keys existing caches have. The rules, in document order within an item:
- guid: the last <guid>/<id> child (a permalink one joined with xml:base);
  RSS 1.0's rdf:about before it.
- link: the last <link> text, or <link href> with rel "alternate" (the
  default) and an HTML type (the default); else a permalink <guid>
  (isPermaLink absent or "true") or an Atom <id>. Relative links are
  joined with the xml:base in force, then with the URL the document was
  fetched from (after redirects), never the channel's <link>.
- a second summary-like element (description, itunes:summary, ...) before
  any content element is the item's content, as feedparser files it.
Where feedparser is wrong and identity is not at stake we differ on
purpose; tests/unit/test_walker.py lists each difference.

Hostile input: no DTD is loaded, no entity is expanded (parse.parse_feed
refuses documents that declare any before we get here), nothing is fetched
from the network, and libxml2's default limits stay on (huge_tree=False:
no text node over 10 MB, no nesting deeper than 256); a document beyond
them is not ours, and feedparser's reading of it is bounded by the fetch's
body cap.

The package, by job: `feed` (which format, where its channel and items are),
`document` (bytes to an lxml tree, or "not ours"), `names` (element names
and what each is to an item), `items` (the channel head and one item),
`values` (one element's text, markup, link, person or date), `markup`
(HTML inside XML: serialising it, telling HTML from plain text), `repair`
(text decoded with the wrong charset) and `links` (link text as feedparser
reads it).
"""

from newsroom_tui.feeds.walker.document import read_as_utf8
from newsroom_tui.feeds.walker.feed import walk_feed

__all__ = ["read_as_utf8", "walk_feed"]
