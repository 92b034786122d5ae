"""An article's picture with a refused address (javascript:, file:) is dropped,
and its caption stays in the text, over real HTTP."""

from __future__ import annotations

import json

import pytest

from newsroom_tui.cli import main
from support.feedserver import FeedServer

ARTICLE = (
    "<html><head><title>Bài</title></head><body><article><h1>Hội nghị tổng kết</h1>"
    + "".join(
        f"<p>Sáng nay, đoạn {n}: Ủy ban nhân dân phường tổ chức hội nghị.</p>" for n in range(6)
    )
    + '<figure><img src="javascript:alert(1)"><figcaption>cap red</figcaption></figure>'
    + "".join(
        f"<p>Đoạn {n}: các đại biểu thảo luận về phương hướng nhiệm vụ.</p>" for n in range(4)
    )
    + '<figure><img src="file:///etc/passwd"><figcaption>file img</figcaption></figure>'
    + "".join(f"<p>Phần {n}: hội nghị kết thúc với nhiều ý kiến đóng góp.</p>" for n in range(4))
    + "</article></body></html>"
)


def test_a_refused_image_keeps_its_caption(
    capsys: pytest.CaptureFixture[str], feed_server: FeedServer
) -> None:
    entries = "".join(
        f'<li class="news"><a href="/tin/{n}.html">Bản tin số {n} về hội nghị của phường</a>'
        f'<span class="d">0{n}/06/2024 - {n}00 lượt xem</span><p>Tóm tắt bản tin {n}.</p></li>'
        for n in range(1, 4)
    )
    page = f'<html><head><title>P</title></head><body><ul class="ds">{entries}</ul></body></html>'
    url = feed_server.add("/i.html", page.encode(), content_type="text/html")
    for n in range(1, 4):
        feed_server.add(f"/tin/{n}.html", ARTICLE.encode(), content_type="text/html")
    assert main(["add", url]) == 0
    assert main(["fetch"]) == 0
    capsys.readouterr()
    assert main(["items", "--json"]) == 0
    first = json.loads(capsys.readouterr().out)[0]
    assert main(["show", str(first["id"]), "--json"]) == 0
    shown = json.loads(capsys.readouterr().out)
    assert shown["images"] == []
    assert "cap red" in shown["text"] and "file img" in shown["text"]
    assert "javascript" not in shown["text"] and "passwd" not in shown["text"]
