"""HTML text follows the HTML standard's element rules, in the reader, in plain
text and in search alike: void elements (<frame> among them) hide nothing,
raw-text elements hide only their own text, literal text (<xmp>,
<plaintext>) is shown as written, MathML's text is kept."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from newsroom_tui.cli import main
from support.feedserver import FeedServer

DATA = Path(__file__).resolve().parents[1] / "data" / "correctness"


def _run(capsys: pytest.CaptureFixture[str], *args: str) -> str:
    assert main(list(args)) == 0
    return capsys.readouterr().out


@pytest.fixture
def items(capsys: pytest.CaptureFixture[str], feed_server: FeedServer) -> dict[str, int]:
    url = feed_server.add("/elements.rss", (DATA / "elements.rss").read_bytes())
    _run(capsys, "add", url)
    _run(capsys, "fetch")
    listed = json.loads(_run(capsys, "items", "--json"))
    return {item["title"]: item["id"] for item in listed}


def _shown(capsys: pytest.CaptureFixture[str], item_id: int) -> str:
    return " ".join(_run(capsys, "show", str(item_id), "--width", "200").split())


def _found(capsys: pytest.CaptureFixture[str], word: str) -> list[str]:
    return [item["title"] for item in json.loads(_run(capsys, "search", word, "--json"))]


def test_void_elements_hide_nothing_after_them(
    capsys: pytest.CaptureFixture[str], items: dict[str, int]
) -> None:
    shown = _shown(capsys, items["Frames"])
    assert "after the frame stays visible" in shown
    assert "framesetfollower text" in shown
    assert "noframes fallback" not in shown  # raw text, not shown where frames are known
    assert "voidtail" in _shown(capsys, items["Voids"])
    assert _found(capsys, "visible") == ["Frames"]
    assert _found(capsys, "framesetfollower") == ["Frames"]
    assert _found(capsys, "voidtail") == ["Voids"]
    assert _found(capsys, "noframes") == []
    summaries = {i["title"]: i["summary"] for i in json.loads(_run(capsys, "items", "--json"))}
    assert "after the frame stays visible" in summaries["Frames"]
    assert "voidtail" in summaries["Voids"]


def test_mathml_text_is_kept_and_its_annotations_are_not(
    capsys: pytest.CaptureFixture[str], items: dict[str, int]
) -> None:
    shown = _shown(capsys, items["Formula"])
    assert "Energy: E=mc2 einsteinword." in shown
    assert "texsource" not in shown
    assert _found(capsys, "einsteinword") == ["Formula"]
    assert _found(capsys, "mc2") == ["Formula"]
    assert _found(capsys, "texsource") == []


def test_raw_text_hides_its_own_text_and_literal_text_is_shown_as_written(
    capsys: pytest.CaptureFixture[str], items: dict[str, int]
) -> None:
    shown = _shown(capsys, items["Raw text"])
    for hidden in ("scriptword", "styleword", "titleword", "textareaword", "iframeword"):
        assert hidden not in shown
        assert _found(capsys, hidden) == []
    assert "noembedword" not in shown
    assert "start" in shown and "middleword" in shown
    # Literal: tags, entities and brackets in it are text, never markup.
    assert "<b>xmpword</b> &amp; [red]" in shown
    assert "<i>plaintextword</i></plaintext> still literal" in shown
    assert _found(capsys, "xmpword") == ["Raw text"]
    assert _found(capsys, "plaintextword") == ["Raw text"]
    text = json.loads(_run(capsys, "show", str(items["Raw text"]), "--json"))["text"]
    assert "<b>xmpword</b> &amp; [red]" in text and "scriptword" not in text


def test_dropped_content_ends_where_the_element_around_it_ends(
    capsys: pytest.CaptureFixture[str], items: dict[str, int]
) -> None:
    # <video>, <button>, <select> hold markup, not raw text: left open, they
    # end with the element they sit in; an <svg/> closes itself.
    shown = _shown(capsys, items["Dropped"])
    for kept in (
        "beforevideo",
        "afterunclosedvideo",
        "icon aftersvg",
        "afterbutton",
        "afterselect",
    ):
        assert kept in shown
        assert _found(capsys, kept.split()[-1]) == ["Dropped"]
    for hidden in ("videofallback", "buttonlabel", "optionword"):
        assert hidden not in shown
        assert _found(capsys, hidden) == []
    summaries = {i["title"]: i["summary"] for i in json.loads(_run(capsys, "items", "--json"))}
    assert "afterunclosedvideo" in summaries["Dropped"] and "afterselect" in summaries["Dropped"]


def _feed(body: str) -> bytes:
    return (
        '<?xml version="1.0" encoding="utf-8"?><rss version="2.0" '
        'xmlns:content="http://purl.org/rss/1.0/modules/content/"><channel><title>F</title>'
        "<link>https://example.test/</link><item><guid>1</guid><title>One</title>"
        "<description>A summary</description>"
        f"<content:encoded><![CDATA[{body}]]></content:encoded></item></channel></rss>"
    ).encode()


@pytest.mark.parametrize(
    ("revision", "old_body", "hidden", "new_body", "shown"),
    [
        # Before revision 2, <frame> hid what followed it.
        (1, "<p>oldword<frame>hiddenbyframe</p>", "hiddenbyframe",
         "<p>newword<frame>shownafterframe</p>", "shownafterframe"),
        # Before revision 3, an <object> hid its fallback content.
        (2, "<p>oldword <object data=x>hiddenbyobject</object></p>", "hiddenbyobject",
         "<p>newword <object data=x>objectfallback</object></p>", "objectfallback"),
        # Before revision 4, an unclosed <video> hid the rest of the document.
        (3, "<p>oldword <video>v</p><p>hiddenaftervideo</p>", "hiddenaftervideo",
         "<p>newword <video>v</p><p>shownaftervideo</p>", "shownaftervideo"),
    ],
)  # fmt: skip
def test_a_row_indexed_with_the_old_rules_is_unindexed_exactly(
    capsys: pytest.CaptureFixture[str],
    feed_server: FeedServer,
    isolated_home: Path,
    revision: int,
    old_body: str,
    hidden: str,
    new_body: str,
    shown: str,
) -> None:
    import sqlite3

    from newsroom_tui.store.maintenance import rebuild_search_index

    url = feed_server.add("/f.rss", _feed(old_body))
    _run(capsys, "add", url)
    _run(capsys, "fetch")
    # The cache as an older release left it: the row marked with that
    # revision and indexed with its words.
    database = next(isolated_home.rglob("newsroom.sqlite3"))
    conn = sqlite3.connect(database, isolation_level=None)
    conn.execute("UPDATE items SET content_text = ?", (bytes([revision]),))
    rebuild_search_index(conn)
    conn.close()
    assert _found(capsys, "oldword") == ["One"]
    assert _found(capsys, hidden) == []
    # The item changes: its old words leave the index, the new ones arrive.
    feed_server.add("/f.rss", _feed(new_body))
    _run(capsys, "fetch")
    assert _found(capsys, shown) == ["One"]
    assert _found(capsys, "oldword") == []
    # Every term the index holds is one the row has now: nothing was removed
    # that had not been indexed, nothing indexed is left behind.
    conn = sqlite3.connect(database, isolation_level=None)
    conn.execute("CREATE VIRTUAL TABLE temp.terms USING fts5vocab(main, items_fts, 'row')")
    terms = {term: docs for term, docs in conn.execute("SELECT term, doc FROM temp.terms")}
    conn.close()
    assert terms == {"a": 1, "newword": 1, "one": 1, shown: 1, "summary": 1}
