"""Portal sources: a cold fetch and a second fetch of sites without a feed.

    .venv/bin/python bench/bench_portal.py [--sites 50] [--articles 10] [--latency-ms 50] [--runs 3]

Each site is a news list of two pages (the entries split between them, the
first page linking to the second) and one article page per entry, served by
bench/serve.py's BenchServer behind the given latency, with ETags. Every site
is added with `newsroom add URL --map FILE`; then `newsroom fetch` runs cold
(empty cache: list pages, and the article pages when article prefetch is on)
and again (unchanged sites: page 1 answers 304, so no known article is asked
for). Reports wall time, CPU time (user + sys) and peak RSS of each, and the
requests the server answered.

The 50 sites share one host here (127.0.0.1), where in life they are 50
hosts: the per-host politeness of article fetching (`[articles] per_host`,
`delay`) would serialise all 500 articles behind one host's delay and measure
the delay, not the reader. The bench home's config therefore lifts it, as 50
hosts would: every host's articles at once, no delay.
"""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from common import WORK, fresh_dir, median, newsroom_command, run_measured, table
from serve import BenchServer

MAPPING = """kind = "html"
title = "Phường {n}"
items = "ul.tin > li"
[fields]
title = "a.tieu-de"
link = "a.tieu-de::attr(href)"
date = "span.ngay"
views = "span.xem"
summary = "p"
[pages]
next = "a.trang-sau::attr(href)"
max_pages = 5
"""

# One host standing in for every site's own (see the module's docstring).
BENCH_CONFIG = """[articles]
per_host = 64
delay = 0
"""

ARTICLE = """<!DOCTYPE html><html lang="vi"><head><meta charset="utf-8"><title>{title}</title></head>
<body><nav><a href="/">Trang chủ</a> <a href="/tin">Tin tức</a></nav>
<main><h1>{title}</h1><div class="ngay">{day:02d}/05/2024 08:{minute:02d}</div>
<div class="noi-dung">{paragraphs}<figure><img src="/anh/{n}.png" alt=""><figcaption>Ảnh: {title}</figcaption></figure></div>
<div class="tin-lien-quan"><h3>Tin liên quan</h3><ul><li><a href="/tin/khac.html">Tin khác của phường</a></li></ul></div>
</main><footer>Bản quyền thuộc UBND phường</footer></body></html>
"""


def build_sites(root: Path, sites: int, articles: int) -> list[tuple[str, Path]]:
    """Write the sites under `root`; (list path, mapping file) for each."""
    made = []
    per_page = max(1, (articles + 1) // 2)
    for s in range(sites):
        site = root / f"phuong-{s}"
        (site / "tin").mkdir(parents=True)
        entries = []
        for a in range(articles):
            title = f"Phường {s} tổ chức hội nghị số {a} về công tác dân vận năm 2024"
            body = "".join(
                f"<p>Đoạn {p}: UBND phường {s} phối hợp với các tổ dân phố triển khai "
                f"kế hoạch số {a}/KH-UBND về cải cách hành chính và chuyển đổi số.</p>"
                for p in range(12)
            )
            day = 1 + a % 28
            (site / "tin" / f"bai-{a}.html").write_text(
                ARTICLE.format(title=title, day=day, minute=a % 60, paragraphs=body, n=a),
                encoding="utf-8",
            )
            entries.append(
                f'<li><a class="tieu-de" href="/phuong-{s}/tin/bai-{a}.html?utm_source=bench">{title}</a>'
                f'<span class="ngay">{day:02d}/05/2024</span><span class="xem">{100 + a} Lượt xem</span>'
                f"<p>Tóm tắt bài {a} của phường {s}.</p></li>"
            )
        pages = [entries[:per_page], entries[per_page:]]
        for index, chunk in enumerate(pages):
            name = "index.html" if index == 0 else "trang-2.html"
            pager = '<a class="trang-sau" href="trang-2.html">Trang sau</a>' if index == 0 else ""
            (site / "tin" / name).write_text(
                '<!DOCTYPE html><html><head><meta charset="utf-8"><title>Tin tức</title></head><body>'
                f'<ul class="menu"><li><a href="/">Trang chủ</a></li></ul><ul class="tin">{"".join(chunk)}</ul>'
                f"{pager}</body></html>",
                encoding="utf-8",
            )
        mapping = site / "mapping.toml"
        mapping.write_text(MAPPING.format(n=s), encoding="utf-8")
        made.append((f"/phuong-{s}/tin/index.html", mapping))
    return made


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sites", type=int, default=50)
    parser.add_argument("--articles", type=int, default=10)
    parser.add_argument("--latency-ms", type=float, default=50.0)
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args(argv)

    work = fresh_dir(WORK / f"portal-{args.sites}x{args.articles}")
    made = build_sites(work / "sites", args.sites, args.articles)
    server = BenchServer(work / "sites", latency_ms=args.latency_ms).start()
    rows = []
    try:
        base = server.base_url
        for run in range(args.runs):
            home = fresh_dir(work / f"home-{run}")
            (home / "config.toml").write_text(BENCH_CONFIG, encoding="utf-8")
            env = {**os.environ, "NEWSROOM_HOME": str(home)}
            for path, mapping in made:
                added = run_measured(
                    [*newsroom_command(), "add", base + path, "--map", str(mapping)],
                    env=env,
                    out_dir=work,
                )
                if added.rc != 0:
                    print(added.stderr.decode(errors="replace"), file=sys.stderr)
                    return 1
            for label in ("cold", "second"):
                server.stats.clear()
                measure = run_measured(
                    [*newsroom_command(), "fetch", "--json"], env=env, out_dir=work
                )
                if measure.rc != 0:
                    print(measure.stderr.decode(errors="replace")[-2000:], file=sys.stderr)
                rows.append((run, label, measure, dict(server.stats)))
    finally:
        server.stop()
    print(
        f"{args.sites} portal sites x 2 list pages x {args.articles} articles, {args.latency_ms:g} ms latency"
    )
    lines = []
    for label in ("cold", "second"):
        picked = [r for r in rows if r[1] == label]
        lines.append(
            (
                label,
                f"{median([m.wall for _, _, m, _ in picked]):.2f}",
                f"{median([m.cpu for _, _, m, _ in picked]):.2f}",
                f"{max(m.tree_mb for _, _, m, _ in picked):.0f}",
                " ".join(f"{k}={v}" for k, v in sorted(picked[-1][3].items())),
            )
        )
    print(
        table(
            ["fetch", "wall s (median)", "CPU s (median)", "peak MB", "server answered (last run)"],
            lines,
        )
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
