"""Text as the user sees it: decoding and titles, through the CLI over HTTP."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from newsroom_tui.cli import main
from support.feedserver import FeedServer

DATA = Path(__file__).resolve().parents[1] / "data" / "correctness"


def subscribe_and_fetch(
    capsys: pytest.CaptureFixture[str], server: FeedServer, name: str, content_type: str
) -> tuple[dict[str, object], list[dict[str, object]]]:
    url = server.add("/" + name, (DATA / name).read_bytes(), content_type=content_type)
    assert main(["add", url]) == 0
    assert main(["fetch"]) == 0
    capsys.readouterr()
    assert main(["feeds", "--json"]) == 0
    [feed] = json.loads(capsys.readouterr().out)
    assert main(["items", "--json", "--limit", "50"]) == 0
    return feed, json.loads(capsys.readouterr().out)


@pytest.mark.parametrize("content_type", ["application/rss+xml", "text/xml; charset=utf-8"])
def test_invalid_utf8_bytes_become_replacement_characters_only(
    capsys: pytest.CaptureFixture[str], feed_server: FeedServer, content_type: str
) -> None:
    feed, items = subscribe_and_fetch(capsys, feed_server, "invalid-bytes.rss", content_type)
    assert feed["title"] == "Tin Ba Đình"
    titles = {item["title"]: item["summary"] for item in items}
    assert titles == {
        "Ba Đình tổ chức hội nghị": "Sáng 21/5, UBND quận họp.",
        "Quận \ufffd Hoàn Kiếm": "Nội dung \ufffd( còn lại đúng",
        "Tiếng Việt có dấu": "Đường phố Hà Nội",
    }


def test_undeclared_legacy_document_is_still_read(
    capsys: pytest.CaptureFixture[str], feed_server: FeedServer
) -> None:
    feed, items = subscribe_and_fetch(capsys, feed_server, "undeclared-cp1252.rss", "text/xml")
    assert feed["title"] == "Café société"
    assert items[0]["title"] == "Déjà vu à Paris — l’été"


def test_feed_and_item_titles_are_plain_text(
    capsys: pytest.CaptureFixture[str], feed_server: FeedServer
) -> None:
    feed, items = subscribe_and_fetch(capsys, feed_server, "titles.atom", "application/atom+xml")
    assert feed["title"] == "Example Atom"
    assert [item["title"] for item in items] == [
        "safe description",
        "Q&A time",
        "a <blink> tag, literally",
        "Cat and dog",  # a ">" inside a quoted attribute does not end the tag
    ]
    assert main(["feeds"]) == 0
    shown = capsys.readouterr().out
    assert "Example Atom" in shown and "<div>" not in shown and "<b>" not in shown


def test_rss_titles_that_hold_html_are_reduced(
    capsys: pytest.CaptureFixture[str], feed_server: FeedServer
) -> None:
    feed, items = subscribe_and_fetch(capsys, feed_server, "titles.rss", "application/rss+xml")
    assert feed["title"] == "safe description"
    assert [item["title"] for item in items] == ["Bold & plain"]


def test_a_declared_legacy_document_the_server_calls_utf8_is_read_in_its_own_encoding(
    capsys: pytest.CaptureFixture[str], feed_server: FeedServer
) -> None:
    # The HTTP charset says UTF-8; the XML declaration says windows-1252 and the
    # bytes hold not one UTF-8 sequence: the server is wrong, not the document.
    feed, items = subscribe_and_fetch(
        capsys, feed_server, "declared-cp1252-served-as-utf8.rss", "text/xml; charset=utf-8"
    )
    assert feed["title"] == "Café “quoted”"
    assert [(i["title"], i["summary"]) for i in items] == [("Naïve — dash", "Crème brûlée, 5 €")]


def test_text_after_an_element_survives_in_feed_and_item_titles(
    capsys: pytest.CaptureFixture[str], feed_server: FeedServer
) -> None:
    # Raw-text elements (iframe, noscript, noembed, noframes) hide only their
    # own text up to their end tag; an <object> shows its fallback content; a
    # quote inside an unquoted attribute value hides nothing.
    feed, items = subscribe_and_fetch(
        capsys, feed_server, "titles-elements.atom", "application/atom+xml"
    )
    assert feed["title"] == "safe description"
    assert [item["title"] for item in items] == [
        "safe description",
        "one two three four",
        "safe description",
        "unbalanced quote",
        "safe description",
    ]
    assert {"framed wordafterframe", "before objectfallback"} <= {i["summary"] for i in items}
    assert main(["feeds"]) == 0
    assert "safe description" in capsys.readouterr().out
    by_id = {str(item["summary"]): item["id"] for item in items}
    for summary, words in (
        ("framed wordafterframe", ["framed", "wordafterframe"]),
        ("before objectfallback", ["before", "objectfallback"]),
        ("quotelink and wordafterquote", ["quotelink", "and", "wordafterquote"]),
    ):
        assert main(["show", str(by_id[summary]), "--width", "200"]) == 0
        shown = capsys.readouterr().out
        assert all(word in shown for word in words), (summary, shown)
        assert "iframeinner" not in shown
    for word, found in (("wordafterframe", 1), ("objectfallback", 1), ("iframeinner", 0)):
        assert main(["search", word, "--json"]) == 0
        assert len(json.loads(capsys.readouterr().out)) == found, word
