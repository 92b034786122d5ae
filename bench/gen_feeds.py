"""Generate N synthetic feeds for the benchmarks, deterministically.

    .venv/bin/python bench/gen_feeds.py OUT_DIR [--feeds 500] [--seed 1]

Mix by feed index: RSS 2.0 60 %, Atom 25 %, JSON Feed 1.1 15 %. About 40
items per feed (10..70), bodies of real-looking HTML (headings, paragraphs,
lists, links, figures, quotes) averaging about 5 KB, two thirds of the feeds
in Vietnamese with full tone marks (local-government news), the rest in
English. Every item has a date and a view count (`media:statistics` in
RSS/Atom, `_views` in JSON Feed). 500 feeds come to about 113 MB and 20,000
items, the size the performance issue measures newsboat on.

Writes OUT_DIR/feeds/NNNN.{xml,json}, OUT_DIR/feeds.opml, OUT_DIR/urls.txt
(file names only; the benches prefix the server's URL) and
OUT_DIR/manifest.json (per-feed item counts, bytes, and probe words that
exactly one item contains, so a bench can check an item is searchable).
Re-running with the same arguments reuses what is there.

The same item records can be built without XML (`feed_items`), which is how
bench_search.py grows a 100,000-item cache with distinct text.
"""

from __future__ import annotations

import argparse
import json
import math
import os
import random
import sys
import time
from collections.abc import Iterator
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass
from datetime import datetime, timedelta, timezone
from email.utils import format_datetime
from pathlib import Path
from xml.sax.saxutils import escape, quoteattr

GENERATOR_VERSION = 4
BASE_TIME = datetime(2024, 6, 1, 8, 0, tzinfo=timezone(timedelta(hours=7)))
FORMAT_CYCLE = ["rss"] * 12 + ["atom"] * 5 + ["json"] * 3  # 60 / 25 / 15 %
PROBES = {"rss": "nrbproberss", "atom": "nrbprobeatom", "json": "nrbprobejson"}
MEAN_BODY_BYTES = 4100  # tuned so that 500 feeds come to ~113 MB on disk

# -- vocabulary -----------------------------------------------------------------

VI_SUBJECTS = [
    "Ủy ban nhân dân quận Ba Đình",
    "UBND phường Điện Biên",
    "Hội đồng nhân dân thành phố Hà Nội",
    "Ủy ban Mặt trận Tổ quốc Việt Nam quận",
    "Sở Giao thông vận tải",
    "Công an phường Kim Mã",
    "Ban Dân vận Quận ủy Ba Đình",
    "Đoàn Thanh niên Cộng sản Hồ Chí Minh phường Ngọc Hà",
    "Hội Liên hiệp Phụ nữ phường Liễu Giai",
    "Trung tâm Y tế quận Hoàn Kiếm",
    "Phòng Giáo dục và Đào tạo quận Đống Đa",
    "Bí thư Quận ủy",
    "Chủ tịch UBND phường Quán Thánh",
    "Hội Cựu chiến binh phường Trúc Bạch",
    "Ban Chỉ huy Quân sự quận Tây Hồ",
    "Sở Tài nguyên và Môi trường",
    "Thanh tra thành phố",
    "Bộ phận một cửa phường Cống Vị",
    "Ban Quản lý chợ Ngọc Hà",
    "Chi bộ tổ dân phố số 7",
    "Trường Tiểu học Nguyễn Tri Phương",
    "Đội Quản lý trật tự xây dựng đô thị",
    "Hội Người cao tuổi phường Vĩnh Phúc",
    "Liên đoàn Lao động quận Cầu Giấy",
]
VI_VERBS = [
    "đã tổ chức hội nghị triển khai",
    "tổng kết phong trào",
    "phát động thi đua thực hiện",
    "kiểm tra công tác",
    "tiếp nhận ý kiến, kiến nghị của cử tri về",
    "trao tặng bằng khen cho các tập thể có thành tích trong",
    "ban hành kế hoạch về",
    "đẩy mạnh tuyên truyền về",
    "hoàn thành sớm chỉ tiêu",
    "giải quyết dứt điểm các vướng mắc trong",
    "tuyên truyền, vận động nhân dân tham gia",
    "sơ kết sáu tháng thực hiện",
    "ra mắt mô hình điểm về",
    "khảo sát thực tế việc",
    "đối thoại trực tiếp với người dân về",
    "chỉ đạo quyết liệt công tác",
    "ký kết quy chế phối hợp về",
    "biểu dương điển hình tiên tiến trong",
]
VI_OBJECTS = [
    "mô hình Dân vận khéo",
    "cải cách thủ tục hành chính",
    "chuyển đổi số và dịch vụ công trực tuyến",
    "trật tự văn minh đô thị",
    "an toàn giao thông đường bộ",
    "phòng cháy, chữa cháy tại khu dân cư",
    "bảo vệ môi trường và phân loại rác tại nguồn",
    "chăm lo gia đình chính sách, người có công",
    "tiêm chủng mở rộng cho trẻ em",
    "giải phóng mặt bằng dự án đường vành đai",
    "chỉnh trang hè phố, vỉa hè",
    "an sinh xã hội và giảm nghèo bền vững",
    "Ngày hội Đại đoàn kết toàn dân tộc",
    "xây dựng tổ dân phố văn hóa",
    "quản lý đất đai, trật tự xây dựng",
    "cấp căn cước công dân gắn chíp",
    "học tập và làm theo tư tưởng, đạo đức, phong cách Hồ Chí Minh",
    "phòng, chống dịch sốt xuất huyết",
    "tiếp công dân định kỳ",
    "thu ngân sách nhà nước",
    "hỗ trợ hộ kinh doanh cá thể",
    "khuyến học, khuyến tài",
    "bầu cử đại biểu Hội đồng nhân dân",
    "vệ sinh an toàn thực phẩm",
]
VI_ADJUNCTS = [
    "trên địa bàn quận",
    "trong năm 2024",
    "tại trụ sở UBND phường Liễu Giai",
    "nhằm nâng cao chất lượng phục vụ người dân",
    "theo đúng tiến độ đề ra",
    "với sự tham gia của hơn {n} đại biểu",
    "trong sáu tháng đầu năm",
    "theo Nghị quyết của Thành ủy",
    "tại nhà văn hóa tổ dân phố số {n}",
    "với tổng kinh phí hơn {n} triệu đồng",
    "đạt tỷ lệ {p}%",
    "góp phần giữ vững an ninh chính trị",
    "được đông đảo nhân dân đồng tình, hưởng ứng",
    "sáng ngày {d}/{m}",
    "dưới sự chủ trì của đồng chí {name}",
]
VI_FAMILY = [
    "Nguyễn",
    "Trần",
    "Lê",
    "Phạm",
    "Hoàng",
    "Vũ",
    "Đặng",
    "Bùi",
    "Đỗ",
    "Hồ",
    "Ngô",
    "Dương",
]
VI_MIDDLE = ["Văn", "Thị", "Đức", "Minh", "Quang", "Thu", "Ngọc", "Hữu", "Thanh", "Xuân"]
VI_GIVEN = [
    "Hùng",
    "Lan",
    "Dũng",
    "Hương",
    "Tuấn",
    "Thảo",
    "Quyết",
    "Hạnh",
    "Sơn",
    "Trang",
    "Khánh",
    "Phương",
    "Tùng",
    "Yến",
    "Long",
    "Đạt",
    "Nga",
    "Thắng",
    "Huyền",
    "Bình",
]
VI_HEADINGS = [
    "Nâng cao hiệu quả công tác dân vận",
    "Kết quả nổi bật",
    "Nhiệm vụ trọng tâm thời gian tới",
    "Ý kiến người dân",
    "Những con số ấn tượng",
    "Lan tỏa mô hình hay, cách làm sáng tạo",
    "Tháo gỡ khó khăn, vướng mắc",
    "Đổi mới phương thức tuyên truyền",
]
VI_QUOTES = [
    "Chúng tôi luôn lấy người dân làm trung tâm, lấy sự hài lòng của nhân dân làm thước đo.",
    "Dân vận khéo thì việc gì cũng thành công.",
    "Phường sẽ tiếp tục rà soát, giải quyết dứt điểm các kiến nghị còn tồn đọng.",
    "Mỗi cán bộ, đảng viên phải thực sự gương mẫu, nói đi đôi với làm.",
]

EN_SUBJECTS = [
    "The Ba Dinh District People's Committee",
    "The city council",
    "The Department of Transport",
    "Ward officials in Kim Ma",
    "The Hanoi Party Committee",
    "The district health centre",
    "Local police",
    "The education office",
    "Residents of Ngoc Ha ward",
    "The environment department",
    "The mayor",
    "A neighbourhood association",
    "The finance committee",
    "The planning office",
    "Community volunteers",
    "The public administration service centre",
]
EN_VERBS = [
    "approved a plan for",
    "launched a campaign on",
    "reviewed progress on",
    "held a public hearing about",
    "announced new funding for",
    "completed the first phase of",
    "inspected work on",
    "signed an agreement on",
    "set targets for",
    "answered residents' questions about",
    "published a report on",
    "honoured volunteers working on",
]
EN_OBJECTS = [
    "road repairs and pavement upgrades",
    "online public services",
    "waste sorting at source",
    "traffic safety near schools",
    "fire prevention in old apartment blocks",
    "the ring road land clearance",
    "social welfare for low-income families",
    "the summer vaccination drive",
    "street vendor licensing",
    "flood drainage before the rainy season",
    "digital transformation in local government",
    "the Skilful Mass Mobilisation model",
    "air quality monitoring",
    "small business support",
    "heritage conservation in the Old Quarter",
    "public park renovations",
]
EN_ADJUNCTS = [
    "across the district",
    "this year",
    "at the ward headquarters",
    "to improve services for residents",
    "ahead of schedule",
    "with more than {n} delegates attending",
    "in the first half of the year",
    "under a city resolution",
    "at a budget of {n} million dong",
    "reaching {p} percent of the target",
    "on {d} {month}",
    "according to {name}, a ward official",
]
EN_NAMES = [
    "Nguyen Van Hung",
    "Tran Thi Lan",
    "Le Minh Tuan",
    "Pham Thu Trang",
    "Hoang Duc Long",
    "Sarah Miller",
    "David Chen",
    "Maria Lopez",
    "James O'Neill",
    "Anna Kowalski",
]
EN_HEADINGS = [
    "What changes for residents",
    "Key figures",
    "Next steps",
    "Background",
    "What people are saying",
    "Funding and timeline",
]
EN_QUOTES = [
    "We want every resident to be able to file a request online in under ten minutes.",
    "The work will be finished before the rainy season starts.",
    "Listening to people is the first step of good local government.",
]
MONTHS = ["January", "February", "March", "April", "May", "June"]
WARDS = [
    "Ba Đình",
    "Điện Biên",
    "Kim Mã",
    "Ngọc Hà",
    "Liễu Giai",
    "Quán Thánh",
    "Trúc Bạch",
    "Cống Vị",
]


# -- records -------------------------------------------------------------------


@dataclass(slots=True)
class FeedSpec:
    index: int
    fmt: str  # rss | atom | json
    lang: str  # vi | en
    title: str
    site: str
    n_items: int
    cdata: bool  # RSS: bodies in CDATA rather than escaped
    guid_in_rss: bool  # RSS: some feeds give no <guid>, only links

    @property
    def file_name(self) -> str:
        return f"{self.index:04d}.{'json' if self.fmt == 'json' else 'xml'}"


@dataclass(slots=True)
class ItemSpec:
    guid: str
    link: str
    title: str
    author: str
    published: datetime
    views: int
    summary: str  # plain text
    body_html: str


def feed_spec(index: int, seed: int = 1) -> FeedSpec:
    rng = random.Random(f"feed:{seed}:{index}")
    fmt = FORMAT_CYCLE[index % len(FORMAT_CYCLE)]
    lang = "vi" if rng.random() < 0.67 else "en"
    ward = WARDS[index % len(WARDS)]
    if lang == "vi":
        title = f"Tin tức phường {ward} — bản tin số {index}"
    else:
        title = f"{ward} District News — bulletin {index}"
    return FeedSpec(
        index=index,
        fmt=fmt,
        lang=lang,
        title=title,
        site=f"https://tin-{index:04d}.example.vn/",
        n_items=rng.randint(10, 70),
        cdata=rng.random() < 0.5,
        guid_in_rss=rng.random() < 0.85,
    )


def feed_items(spec: FeedSpec, seed: int = 1, variant: int = 0) -> list[ItemSpec]:
    """The items of one feed; another `variant` gives other GUIDs, text and dates."""
    rng = random.Random(f"items:{seed}:{spec.index}:{variant}")
    words = _Words(rng, spec.lang)
    items = []
    when = BASE_TIME - timedelta(days=30 * variant, minutes=rng.randint(0, 600))
    for n in range(spec.n_items):
        when -= timedelta(minutes=rng.randint(20, 1500))
        slug = f"{variant}-{n}-{rng.getrandbits(40):010x}"
        body = words.body(_body_target(rng))
        if variant == 0 and n == 0 and _carries_probe(spec):
            # Exactly one item per format carries a probe word the benches search for.
            body = body.replace("<p>", f"<p>{PROBES[spec.fmt]} ", 1)
        items.append(
            ItemSpec(
                guid=f"urn:nrb:{spec.index}:{slug}",
                link=f"{spec.site}bai-viet/{slug}.html",
                title=words.headline(),
                author=words.name(),
                published=when,
                views=int(math.exp(rng.uniform(2.5, 12.5))),
                summary=words.paragraph(2)[:300],
                body_html=body,
            )
        )
    return items


def _carries_probe(spec: FeedSpec) -> bool:
    return spec.index == FORMAT_CYCLE.index(spec.fmt)


def _body_target(rng: random.Random) -> int:
    # Log-normal around the mean: many 2-6 KB stories, a few long ones.
    return max(600, int(rng.lognormvariate(math.log(MEAN_BODY_BYTES) - 0.18, 0.6)))


class _Words:
    def __init__(self, rng: random.Random, lang: str) -> None:
        self.rng = rng
        self.vi = lang == "vi"
        if self.vi:
            self.parts = (VI_SUBJECTS, VI_VERBS, VI_OBJECTS, VI_ADJUNCTS)
            self.headings, self.quotes = VI_HEADINGS, VI_QUOTES
        else:
            self.parts = (EN_SUBJECTS, EN_VERBS, EN_OBJECTS, EN_ADJUNCTS)
            self.headings, self.quotes = EN_HEADINGS, EN_QUOTES

    def name(self) -> str:
        r = self.rng
        if self.vi:
            return f"{r.choice(VI_FAMILY)} {r.choice(VI_MIDDLE)} {r.choice(VI_GIVEN)}"
        return r.choice(EN_NAMES)

    def _fill(self, text: str) -> str:
        r = self.rng
        if "{" not in text:
            return text
        return text.format(
            n=r.randint(2, 900),
            p=r.randint(60, 100),
            d=r.randint(1, 28),
            m=r.randint(1, 12),
            month=r.choice(MONTHS),
            name=self.name(),
        )

    def sentence(self) -> str:
        r = self.rng
        subjects, verbs, objects, adjuncts = self.parts
        text = f"{r.choice(subjects)} {r.choice(verbs)} {r.choice(objects)} {self._fill(r.choice(adjuncts))}"
        if r.random() < 0.4:
            text += ", " + self._fill(r.choice(adjuncts))
        return text + "."

    def paragraph(self, sentences: int) -> str:
        return " ".join(self.sentence() for _ in range(sentences))

    def headline(self) -> str:
        r = self.rng
        subjects, verbs, objects, _ = self.parts
        text = f"{r.choice(subjects)} {r.choice(verbs)} {r.choice(objects)}"
        return text[0].upper() + text[1:]

    def body(self, target: int) -> str:
        r = self.rng
        out: list[str] = []
        size = 0
        out.append(f"<p><strong>{escape(self.paragraph(2))}</strong></p>")
        while size < target:
            roll = r.random()
            if roll < 0.55:
                text = escape(self.paragraph(r.randint(2, 5)))
                if r.random() < 0.3:
                    anchor = escape(r.choice(self.parts[2]))
                    link = f'<a href="https://ubnd.example.vn/tin/{r.getrandbits(32):08x}">{anchor}</a>'
                    text = (
                        text.replace(" ", f" {link} ", 1) if r.random() < 0.5 else f"{text} {link}."
                    )
                out.append(f"<p>{text}</p>")
            elif roll < 0.68:
                out.append(f"<h2>{escape(r.choice(self.headings))}</h2>")
            elif roll < 0.80:
                lis = "".join(f"<li>{escape(self.sentence())}</li>" for _ in range(r.randint(3, 5)))
                out.append(f'<ul class="list-check">{lis}</ul>')
            elif roll < 0.92:
                img = f"https://cdn.example.vn/2024/05/{r.getrandbits(48):012x}.jpg"
                cap = escape(self.sentence())
                out.append(
                    f'<figure class="image"><img src="{img}" alt={quoteattr(cap[:60])} '
                    f'width="800" height="533" loading="lazy"><figcaption>{cap}</figcaption></figure>'
                )
            else:
                out.append(f"<blockquote><p>{escape(r.choice(self.quotes))}</p></blockquote>")
            size += len(out[-1].encode("utf-8"))
        return "\n".join(out)


# -- serialising ----------------------------------------------------------------


def render_feed(spec: FeedSpec, items: list[ItemSpec]) -> bytes:
    if spec.fmt == "rss":
        return _rss(spec, items)
    if spec.fmt == "atom":
        return _atom(spec, items)
    return _json(spec, items)


def _rss(spec: FeedSpec, items: list[ItemSpec]) -> bytes:
    out = [
        '<?xml version="1.0" encoding="UTF-8"?>',
        '<rss version="2.0" xmlns:media="http://search.yahoo.com/mrss/" '
        'xmlns:content="http://purl.org/rss/1.0/modules/content/" '
        'xmlns:dc="http://purl.org/dc/elements/1.1/">',
        "<channel>",
        f"<title>{escape(spec.title)}</title>",
        f"<link>{spec.site}</link>",
        f"<description>{escape(spec.title)}</description>",
        f"<language>{spec.lang}</language>",
        f"<lastBuildDate>{format_datetime(BASE_TIME)}</lastBuildDate>",
    ]
    for it in items:
        body = f"<![CDATA[{it.body_html}]]>" if spec.cdata else escape(it.body_html)
        guid = f'<guid isPermaLink="false">{escape(it.guid)}</guid>' if spec.guid_in_rss else ""
        out.append(
            "<item>"
            f"<title>{escape(it.title)}</title>"
            f"<link>{escape(it.link)}</link>{guid}"
            f"<dc:creator>{escape(it.author)}</dc:creator>"
            f"<pubDate>{format_datetime(it.published)}</pubDate>"
            f"<description>{escape(it.summary)}</description>"
            f"<content:encoded>{body}</content:encoded>"
            f'<media:community><media:statistics views="{it.views}"/></media:community>'
            "</item>"
        )
    out.append("</channel></rss>")
    return "\n".join(out).encode("utf-8")


def _atom(spec: FeedSpec, items: list[ItemSpec]) -> bytes:
    out = [
        '<?xml version="1.0" encoding="utf-8"?>',
        '<feed xmlns="http://www.w3.org/2005/Atom" xmlns:media="http://search.yahoo.com/mrss/" '
        f'xml:lang="{spec.lang}">',
        f"<title>{escape(spec.title)}</title>",
        f'<link rel="alternate" href="{spec.site}"/>',
        f"<id>urn:nrb:feed:{spec.index}</id>",
        f"<updated>{BASE_TIME.isoformat()}</updated>",
    ]
    for it in items:
        stamp = it.published.isoformat()
        out.append(
            "<entry>"
            f"<id>{escape(it.guid)}</id>"
            f'<title type="text">{escape(it.title)}</title>'
            f'<link rel="alternate" type="text/html" href={quoteattr(it.link)}/>'
            f"<author><name>{escape(it.author)}</name></author>"
            f"<published>{stamp}</published><updated>{stamp}</updated>"
            f'<summary type="text">{escape(it.summary)}</summary>'
            f'<content type="html">{escape(it.body_html)}</content>'
            f'<media:group><media:community><media:statistics views="{it.views}"/>'
            "</media:community></media:group>"
            "</entry>"
        )
    out.append("</feed>")
    return "\n".join(out).encode("utf-8")


def _json(spec: FeedSpec, items: list[ItemSpec]) -> bytes:
    doc = {
        "version": "https://jsonfeed.org/version/1.1",
        "title": spec.title,
        "home_page_url": spec.site,
        "language": spec.lang,
        "items": [
            {
                "id": it.guid,
                "url": it.link,
                "title": it.title,
                "summary": it.summary,
                "content_html": it.body_html,
                "date_published": it.published.isoformat(),
                "authors": [{"name": it.author}],
                "_views": it.views,
            }
            for it in items
        ],
    }
    return json.dumps(doc, ensure_ascii=False, indent=1).encode("utf-8")


# -- the folder -----------------------------------------------------------------


def _write_one(args: tuple[int, int, str]) -> dict:
    index, seed, folder = args
    spec = feed_spec(index, seed)
    items = feed_items(spec, seed)
    data = render_feed(spec, items)
    path = Path(folder) / spec.file_name
    path.write_bytes(data)
    entry = {
        "file": spec.file_name,
        "format": spec.fmt,
        "lang": spec.lang,
        "title": spec.title,
        "items": len(items),
        "bytes": len(data),
    }
    if _carries_probe(spec):
        entry["probe"] = {"word": PROBES[spec.fmt], "title": items[0].title}
    return entry


def generate(out: Path, feeds: int = 500, seed: int = 1, jobs: int | None = None) -> dict:
    """Write the feeds (or reuse them) and return the manifest."""
    out.mkdir(parents=True, exist_ok=True)
    manifest_path = out / "manifest.json"
    if manifest_path.exists():
        manifest = json.loads(manifest_path.read_text())
        if (manifest.get("feeds"), manifest.get("seed"), manifest.get("version")) == (
            feeds,
            seed,
            GENERATOR_VERSION,
        ):
            return manifest
    folder = out / "feeds"
    folder.mkdir(exist_ok=True)
    for old in folder.iterdir():
        old.unlink()
    work = [(i, seed, str(folder)) for i in range(feeds)]
    jobs = jobs or os.cpu_count() or 1
    if jobs > 1 and feeds > 20:
        with ProcessPoolExecutor(jobs) as pool:
            entries = list(pool.map(_write_one, work, chunksize=8))
    else:
        entries = [_write_one(w) for w in work]
    probes = [
        {"word": e["probe"]["word"], "title": e["probe"]["title"], "file": e["file"]}
        for e in entries
        if "probe" in e
    ]
    by_format: dict[str, dict[str, int]] = {}
    for e in entries:
        stats = by_format.setdefault(e["format"], {"feeds": 0, "items": 0, "bytes": 0})
        stats["feeds"] += 1
        stats["items"] += e["items"]
        stats["bytes"] += e["bytes"]
    manifest = {
        "version": GENERATOR_VERSION,
        "feeds": feeds,
        "seed": seed,
        "total_items": sum(e["items"] for e in entries),
        "total_bytes": sum(e["bytes"] for e in entries),
        "by_format": by_format,
        "probes": probes,
        "files": entries,
    }
    (out / "urls.txt").write_text("".join(f"feeds/{e['file']}\n" for e in entries))
    manifest_path.write_text(json.dumps(manifest, ensure_ascii=False, indent=1))
    return manifest


def opml(base_url: str, manifest: dict) -> str:
    """An OPML subscription list for the feeds as served under `base_url`."""
    lines = [
        '<?xml version="1.0" encoding="UTF-8"?>',
        '<opml version="2.0"><head><title>newsroom bench</title></head><body>',
        '<outline text="bench">',
    ]
    for e in manifest["files"]:
        url = f"{base_url.rstrip('/')}/feeds/{e['file']}"
        lines.append(f'<outline type="rss" text={quoteattr(e["title"])} xmlUrl={quoteattr(url)}/>')
    lines.append("</outline></body></opml>")
    return "\n".join(lines) + "\n"


def feed_urls(base_url: str, manifest: dict) -> Iterator[str]:
    for e in manifest["files"]:
        yield f"{base_url.rstrip('/')}/feeds/{e['file']}"


def describe(manifest: dict) -> str:
    mb = manifest["total_bytes"] / 1e6
    parts = ", ".join(
        f"{fmt} {s['feeds']} feeds/{s['items']} items/{s['bytes'] / 1e6:.1f} MB"
        for fmt, s in sorted(manifest["by_format"].items())
    )
    return f"{manifest['feeds']} feeds, {manifest['total_items']} items, {mb:.1f} MB ({parts})"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("out", type=Path, help="folder to write into")
    parser.add_argument("--feeds", type=int, default=500)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--jobs", type=int, default=None, help="processes (default: all cores)")
    args = parser.parse_args(argv)
    started = time.perf_counter()
    manifest = generate(args.out, args.feeds, args.seed, args.jobs)
    print(f"{describe(manifest)} in {args.out} ({time.perf_counter() - started:.1f}s)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
