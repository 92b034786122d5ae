"""An article page's main text: sanitised HTML with its figures, plain text, metadata.

A pure function of the page: `extract_article(html, url)` (extract.py).
Portal pages are heavy with chrome (menus, breadcrumbs, share buttons, "Tin
liên quan" lists, visitor counters, footers), and an off-the-shelf extractor
keeps some of it. So the page goes through these steps, a module each:

0. decode.py: bytes to text (BOM, HTTP charset, <meta>, UTF-8, windows-1258);
1. meta.py reads the title, date and view count; boilerplate.py prunes the
   tree of what chrome.py describes: elements named like chrome (share,
   related, breadcrumb, counter...), blocks headed "Tin liên quan" and the
   like, visitor counters, link-dense lists, and the date/views line;
2. mainblock.py finds the main block: the mapping's `[article] content`
   selector when given, else trafilatura's main-text extraction over the
   pruned tree (figures.py first gives each image its caption, so captions
   stay in place); when trafilatura finds nothing, the block with the most
   non-link text;
3. rebuild.py copies the block element by element from an allow-list
   (headings, paragraphs, lists, tables, links, figures) into new HTML:
   nothing of the page's markup, attributes or scripts survives except
   through it; and gives its plain text.

tree.py holds the measures they share (text length, link density, removal).
Nothing here imports Rich or Textual: it runs on the fetch path.
"""

from __future__ import annotations

from newsroom_tui.sources.article.extract import extract_article
from newsroom_tui.sources.article.model import ArticleImage, ExtractedArticle, ExtractionError

__all__ = ["ArticleImage", "ExtractedArticle", "ExtractionError", "extract_article"]
