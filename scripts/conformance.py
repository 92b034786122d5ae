"""feedparser's own test suite, run through our command line.

    .venv/bin/python scripts/conformance.py PATH/TO/feedparser/tests [--failures] [--json]

feedparser's tests (kurtmckee/feedparser, BSD-2-Clause; not copied here) are
XML files whose header comment holds an `Expect:` Python expression over
feedparser's result, e.g. `not bozo and feed['title'] == 'Example feed'`.
This script serves every file of wellformed/, illformed/, encoding/ and
entities/ from a server on 127.0.0.1 (with the `Header:` lines as HTTP
headers), subscribes a fresh home to all of them, runs one `newsroom fetch`,
and checks each expectation against what the CLI shows.

The expression is never evaluated by Python: it is read with `ast` and only
the parts our CLI exposes are checked. It is split at its top-level `and`;
a part is checkable when it compares one of these with a constant:

    feed['title']                        -> newsroom feeds --json: title
    entries[N]['title'|'link'|'author']  -> newsroom items --json (Nth item of the
                                            feed, in document order)
    entries[N]['summary'|'description']  -> items --json: summary
    entries[N]['content'][0]['value']    -> newsroom show ITEM (the article text)
    entries[N]['published_parsed'|'updated_parsed'|'created_parsed']
                                         -> items --json: published (to the second)
    (and the same fields' *_detail['value'])

Everything else (bozo, encoding, version, types, languages, links lists, ...)
is not shown by the CLI and is skipped. A file is checkable when at least one
of its parts is; it passes when every checkable part holds. The CLI shows
text, not markup, so an expected value matches as it is or, when it holds
markup, reduced to text by the code that builds titles and summaries (the
script cannot tell which reading the feed's type asked for); both after the
edge cleaning every shown text gets (NFC, no control or bidi characters). The
reader's own marks in `show` (image placeholders, link numbers and the list
of links) are not compared, and a feed listed by its URL has no title.

Differences we keep on purpose, so they fail here: an entry with nothing to
show (no title, link, id or text, e.g. only an author or a date; a title that
is only an image) is not stored; script and style text is dropped, not shown;
invisible format characters (soft hyphen, zero-width joiners, bidi marks) are
removed. HTML is read as the HTML standard reads it, where feedparser's older
parser differs: an <iframe>'s content is raw text that represents nothing
(not markup shown as fallback); "<!" not followed by "--" or DOCTYPE starts a
bogus comment up to the next ">" (so "<!' <a>" and "<![CDATA[" outside
foreign content hide that much); a comment ends only at "-->" (or "--!>"), so
"<!-- -- x >" runs on; an unterminated "<!DOCTYPE" hides the rest. Content-
Location does not set the base of relative links (RFC 7231 dropped that; the
document's URL after redirects does), and this script does not send it.
"""

from __future__ import annotations

import argparse
import ast
import json
import os
import re
import subprocess
import sys
import tempfile
import threading
from collections import Counter
from dataclasses import dataclass, field
from datetime import UTC, datetime
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from xml.sax.saxutils import quoteattr

SUITES = ("wellformed", "illformed", "encoding", "entities")
EXPECT = re.compile(rb"Expect:\s*(.*?)\s*-->", re.DOTALL)
HEADER = re.compile(r"^Header:\s+([^:]+):(.*)$", re.MULTILINE)
THEIR_BASE = "http://127.0.0.1:8097/"  # where feedparser's own harness serves the files
TEXT_FIELDS = {"title", "author", "summary", "description"}
DATE_FIELDS = {"published_parsed", "updated_parsed", "created_parsed", "date_parsed"}


class Unchecked(Exception):
    """This part of an expectation is about something the CLI does not show."""


# --- reading the suite -------------------------------------------------------


@dataclass
class Case:
    path: Path
    relative: str
    body: bytes
    headers: dict[str, str]
    parts: list[ast.expr]  # the checkable parts of its Expect
    url: str = ""


def header_text(data: bytes) -> str:
    """The file as text, its encoding told by its BOM (as feedparser's harness does)."""
    for bom, codec in (
        (b"\x00\x00\xfe\xff", "utf-32be"),
        (b"\xff\xfe\x00\x00", "utf-32le"),
        (b"\x00\x00\x00\x3c", "utf-32be"),
        (b"\x3c\x00\x00\x00", "utf-32le"),
        (b"\x00\x3c\x00\x3f", "utf-16be"),
        (b"\x3c\x00\x3f\x00", "utf-16le"),
        (b"\xfe\xff", "utf-16be"),
        (b"\xff\xfe", "utf-16le"),
    ):
        if data.startswith(bom):
            return data.decode(codec, errors="ignore").lstrip("\ufeff")
    return data.decode("utf-8", errors="ignore")


def parts_of(expression: str) -> list[ast.expr]:
    tree = ast.parse(expression, mode="eval").body
    if isinstance(tree, ast.BoolOp) and isinstance(tree.op, ast.And):
        return list(tree.values)
    return [tree]


def checkable(part: ast.expr) -> bool:
    try:
        if not isinstance(part, ast.Compare) or len(part.ops) != 1:
            raise Unchecked
        if not isinstance(part.ops[0], (ast.Eq, ast.NotEq, ast.In, ast.NotIn)):
            raise Unchecked
        sides = [part.left, part.comparators[0]]
        paths = [s for s in sides if _is_path(s)]
        if len(paths) != 1:
            raise Unchecked
        field_of(path_of(paths[0]))
        constant(next(s for s in sides if s is not paths[0]))
    except (Unchecked, ValueError, SyntaxError):
        return False
    return True


def read_suite(root: Path) -> tuple[list[Case], int]:
    cases: list[Case] = []
    total = 0
    for suite in SUITES:
        for path in sorted((root / suite).rglob("*.xml")):
            total += 1
            data = path.read_bytes()
            text = header_text(data)
            found = EXPECT.search(text.encode("utf-8"))
            if found is None:
                continue
            try:
                parts = [p for p in parts_of(found.group(1).decode("utf-8")) if checkable(p)]
            except SyntaxError:
                continue
            if not parts:
                continue
            headers = {k.strip(): v.strip() for k, v in HEADER.findall(text)}
            relative = path.relative_to(root.parent).as_posix()
            cases.append(Case(path, relative, data, headers, parts))
    return cases, total


# --- the expression's paths --------------------------------------------------


def _is_path(node: ast.expr) -> bool:
    while isinstance(node, ast.Subscript):
        node = node.value
    return isinstance(node, ast.Name) and node.id in ("feed", "entries")


def path_of(node: ast.expr) -> tuple[object, ...]:
    keys: list[object] = []
    while isinstance(node, ast.Subscript):
        keys.append(constant(node.slice))
        node = node.value
    if not isinstance(node, ast.Name):
        raise Unchecked
    return (node.id, *reversed(keys))


def field_of(path: tuple[object, ...]) -> tuple[str, int | None]:
    """(our field, entry index) for a path the CLI shows; Unchecked otherwise."""
    if path[0] == "feed":
        rest = path[1:]
        if rest in (("title",), ("title_detail", "value")):
            return "feed_title", None
        raise Unchecked
    if len(path) < 3 or not isinstance(path[1], int):
        raise Unchecked
    index, rest = path[1], path[2:]
    name = str(rest[0])
    if name.endswith("_detail") and rest[1:] == ("value",):
        name, rest = name.removesuffix("_detail"), (name.removesuffix("_detail"),)
    if name == "content" and rest[1:] == (0, "value"):
        return "content", index
    if len(rest) != 1:
        raise Unchecked
    if name in TEXT_FIELDS or name == "link":
        return ("summary" if name == "description" else name), index
    if name in DATE_FIELDS:
        return "date", index
    raise Unchecked


def constant(node: ast.expr) -> object:
    """A literal: a constant, a tuple of them, a unary minus or a concatenation."""
    if isinstance(node, ast.Constant):
        return node.value
    if isinstance(node, ast.Tuple):
        return tuple(constant(e) for e in node.elts)
    if isinstance(node, ast.UnaryOp) and isinstance(node.op, ast.USub):
        value = constant(node.operand)
        if isinstance(value, (int, float)):
            return -value
    if isinstance(node, ast.BinOp) and isinstance(node.op, ast.Add):
        left, right = constant(node.left), constant(node.right)
        if isinstance(left, str) and isinstance(right, str):
            return left + right
    raise Unchecked


# --- serving and fetching ----------------------------------------------------


def serve(cases: list[Case]) -> tuple[ThreadingHTTPServer, str]:
    by_path = {"/" + case.relative: case for case in cases}

    class Handler(BaseHTTPRequestHandler):
        def log_message(self, *args: object) -> None:
            pass

        def do_GET(self) -> None:
            case = by_path.get(self.path.split("?", 1)[0])
            if case is None:
                self.send_error(404)
                return
            headers = dict(case.headers)
            # As feedparser's harness: text/xml when a file names its headers.
            default = "text/xml" if case.headers else "application/xml"
            content_type = headers.pop("Content-type", headers.pop("Content-Type", default))
            self.send_response(200)
            self.send_header("Content-Type", content_type)
            for key, value in headers.items():
                if key.lower() not in ("content-length", "content-location"):
                    self.send_header(key, value)
            self.send_header("Content-Length", str(len(case.body)))
            self.end_headers()
            self.wfile.write(case.body)

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    host, port = server.server_address[:2]
    return server, f"http://{host}:{port}/"


def newsroom(command: list[str], home: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [*command, "--home", str(home), *args], capture_output=True, text=True, check=False
    )


@dataclass
class Seen:
    """What the CLI shows for one feed."""

    title: str | None = None
    items: list[dict[str, object]] = field(default_factory=list)


def fetch_all(command: list[str], cases: list[Case], base: str, home: Path) -> dict[str, Seen]:
    outlines = "".join(
        f'<outline type="rss" text="" xmlUrl={quoteattr(c.url)}/>'  # no title: the feed's own
        for c in cases
    )
    opml = home / "suite.opml"
    opml.write_text(f'<?xml version="1.0"?><opml version="2.0"><body>{outlines}</body></opml>')
    imported = newsroom(command, home, "import", str(opml))
    if imported.returncode != 0:
        sys.exit(f"import failed: {imported.stderr.strip()[-400:]}")
    newsroom(command, home, "fetch", "--json")  # exit 1 when some feed failed: expected
    feeds = json.loads(newsroom(command, home, "feeds", "--json").stdout)
    items = json.loads(newsroom(command, home, "items", "--limit", "1000000", "--json").stdout)
    seen: dict[str, Seen] = {}
    by_id: dict[int, Seen] = {}
    for feed in feeds:
        shown = feed["title"] if feed["last_status"] != "never" else None
        seen[feed["url"]] = by_id[feed["id"]] = Seen(title=shown)
    for item in sorted(items, key=lambda i: i["id"]):  # stored in document order
        if item["feed_id"] in by_id:
            by_id[item["feed_id"]].items.append(item)
    return seen


# --- checking ----------------------------------------------------------------


def shown_texts(value: str) -> set[str]:
    """An expected value as the reader may rightly show it, on one line: as it is
    (a text title mentioning "<blink>"), or as text when it is HTML (the script
    cannot tell which the feed's type made it). Both after the edge cleaning
    every shown text gets (text.clean_line: NFC, control and bidi characters)."""
    from newsroom_tui.feeds.titles import title_text
    from newsroom_tui.htmltext import html_to_search_text
    from newsroom_tui.text import clean_line

    texts = {clean_line(value)}
    if "<" in value or "&" in value:
        texts.add(clean_line(html_to_search_text(value)))
        texts.add(title_text(value, "text/html"))
    return texts


def article_text(command: list[str], home: Path, item_id: int, cache: dict[int, str]) -> str:
    if item_id not in cache:
        shown = newsroom(command, home, "show", str(item_id), "--width", "1000").stdout
        body = re.split("─{10,}", shown, maxsplit=1)[-1].split("\n[feed summary]", 1)[0]
        # The reader's own marks, not the feed's text: image placeholders, link
        # numbers and the list of links under the article.
        body = re.split(r"\n\s*Links\n\s*\[1\] ", body, maxsplit=1)[0]
        body = re.sub(r"\[Image[^\]\n]*\]|\[\d+\]", "", body)
        cache[item_id] = " ".join(body.split())
    return cache[item_id]


def check(
    part: ast.Compare,
    case: Case,
    seen: Seen,
    base: str,
    command: list[str],
    home: Path,
    articles: dict[int, str],
    explain: list[str] | None = None,
) -> bool:
    sides = [part.left, part.comparators[0]]
    path_node = next(s for s in sides if _is_path(s))
    expected = constant(next(s for s in sides if s is not path_node))
    name, index = field_of(path_of(path_node))
    if name == "feed_title":
        # A feed without a title is listed by its URL.
        ours: object = "" if seen.title == case.url else seen.title
    else:
        if index is None or index >= len(seen.items):
            if explain is not None:
                explain.append(f"  {ast.unparse(path_node)}: no such item shown")
            return isinstance(part.ops[0], (ast.NotEq, ast.NotIn))
        item = seen.items[index]
        if name == "content":
            ours = article_text(command, home, int(str(item["id"])), articles)
        elif name == "date":
            ours = _time_tuple(item.get("published"))
        elif name == "link":
            ours = item.get("url")
        else:
            ours = item.get(name)
    if name == "date":
        wanted: object = tuple(expected[:6]) if isinstance(expected, tuple) else expected
    elif name == "link" and isinstance(expected, str):
        wanted = expected.replace(THEIR_BASE, base)
    elif isinstance(expected, str):
        wanted = shown_texts(expected)
        ours = " ".join(str(ours).split()) if ours is not None else None
    else:
        wanted = expected
    op = part.ops[0]
    candidates = list(wanted) if isinstance(wanted, set) else [wanted]
    if isinstance(op, (ast.Eq, ast.NotEq)):
        ok = any(ours == w for w in candidates) == isinstance(op, ast.Eq)
    else:
        texts = [w for w in candidates if isinstance(w, str)]
        inside = isinstance(ours, str) and any(w in ours for w in texts)
        if part.left is path_node:  # entries[0]['x'] in 'abc'
            inside = isinstance(ours, str) and any(ours in w for w in texts)
        ok = inside == isinstance(op, ast.In)
    if not ok and explain is not None:
        explain.append(f"  {ast.unparse(path_node)}: shown {ours!r}, expected {wanted!r}")
    return ok


def _time_tuple(value: object) -> tuple[int, ...] | None:
    if not isinstance(value, str):
        return None
    return tuple(datetime.fromisoformat(value).astimezone(UTC).timetuple()[:6])


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("tests", type=Path, help="feedparser's tests/ folder")
    parser.add_argument("--failures", action="store_true", help="list each failing file")
    parser.add_argument("--explain", action="store_true", help="and what was shown there")
    parser.add_argument("--json", action="store_true", help="print the result as JSON")
    parser.add_argument(
        "--newsroom",
        default=f"{sys.executable} -m newsroom_tui",
        help="the command to run (default: this interpreter's newsroom_tui)",
    )
    args = parser.parse_args(argv)
    command = args.newsroom.split()
    cases, total = read_suite(args.tests)
    with tempfile.TemporaryDirectory(prefix="newsroom-conformance-") as folder:
        home = Path(folder)
        server, base = serve(cases)
        try:
            for case in cases:
                case.url = base + case.relative
            seen = fetch_all(command, cases, base, home)
            articles: dict[int, str] = {}
            passed: list[Case] = []
            failed: list[Case] = []
            explained: dict[str, list[str]] = {}
            for case in cases:
                shown = seen.get(case.url, Seen())
                notes: list[str] = []
                results = [
                    check(p, case, shown, base, command, home, articles, notes)  # type: ignore[arg-type]
                    for p in case.parts
                ]
                (passed if all(results) else failed).append(case)
                explained[case.relative] = notes
        finally:
            server.shutdown()
            server.server_close()
    by_suite: Counter[str] = Counter(c.relative.split("/")[1] for c in passed)
    of_suite: Counter[str] = Counter(c.relative.split("/")[1] for c in cases)
    if args.json:
        print(
            json.dumps(
                {
                    "files": total,
                    "checkable": len(cases),
                    "passed": len(passed),
                    "by_suite": {s: [by_suite[s], of_suite[s]] for s in SUITES},
                    "failures": [c.relative for c in failed],
                }
            )
        )
        return 0
    rate = 100 * len(passed) / max(1, len(cases))
    print(f"{len(passed)} of {len(cases)} checkable files pass ({rate:.1f} %); {total} files read")
    for suite in SUITES:
        print(f"  {suite}: {by_suite[suite]} of {of_suite[suite]}")
    if args.failures or args.explain:
        for case in failed:
            print("FAIL", case.relative)
            if args.explain:
                print("\n".join(explained[case.relative]))
    return 0


if __name__ == "__main__":
    os.environ.setdefault("NO_COLOR", "1")
    sys.exit(main())
