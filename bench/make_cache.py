"""Build a large, realistic cache for benchmarks: feeds, tags and N items.

Rows go straight into a real cache file (the schema of store/db.py, opened
through the Cache API) with SQL, far faster than fetching N items would be.
Titles mix Vietnamese and English newsroom phrasing; view counts follow a
long-tailed distribution; most items are read, a few bookmarked.

    python bench/make_cache.py HOME [--items 100000]
"""

from __future__ import annotations

import argparse
import hashlib
import random
import time
import zlib
from pathlib import Path

VI_SUBJECTS = [
    "UBND quận Ba Đình",
    "Sở Giao thông vận tải Hà Nội",
    "Tỉnh Thanh Hóa",
    "Bộ Y tế",
    "Hội đồng nhân dân thành phố",
    "Công an phường Điện Biên",
    "Trường THPT Phan Đình Phùng",
    "Ban quản lý dự án đường sắt đô thị",
    "Người dân phường Kim Mã",
    "Đoàn thanh niên quận",
]
VI_ACTIONS = [
    "triển khai kế hoạch",
    "sơ kết công tác",
    "công bố quyết định về",
    "đẩy mạnh chuyển đổi số trong",
    "kiểm tra tiến độ",
    "tiếp nhận ý kiến về",
    "phát động phong trào",
    "họp bàn giải pháp cho",
]
VI_OBJECTS = [
    "cải cách hành chính 6 tháng đầu năm",
    "chỉnh trang vỉa hè, lòng đường",
    "phòng chống dịch sốt xuất huyết",
    "tuyển sinh vào lớp 10 năm học mới",
    "giải phóng mặt bằng dự án vành đai 4",
    "thu gom rác thải sinh hoạt",
    "dịch vụ công trực tuyến toàn trình",
    "an toàn thực phẩm dịp Tết Nguyên đán",
]
EN_SUBJECTS = [
    "City hall",
    "The transport department",
    "Regional ministers",
    "Hanoi's water utility",
    "The provincial council",
    "Analysts",
    "Port authorities",
    "Health officials",
]
EN_ACTIONS = [
    "approve new rules for",
    "publish figures on",
    "warn about delays to",
    "open consultation on",
    "report progress on",
    "set a deadline for",
]
EN_OBJECTS = [
    "the metro line extension",
    "flood defences along the Red River",
    "digital public services",
    "school enrolment",
    "street vendor licensing",
    "electricity prices in the dry season",
    "the 2025 budget",
    "air quality alerts",
]
EXTRA = ["", "", "", " (cập nhật)", " — live", " 東京", ": what we know"]

FEEDS = [
    ("Cổng thông tin quận Ba Đình", "Địa phương"),
    ("Tin tức Thanh Hóa", "Địa phương"),
    ("Báo Hà Nội Mới", "Địa phương"),
    ("Sở Y tế Hà Nội", "Y tế"),
    ("Bộ Y tế", "Y tế"),
    ("Hanoi City Briefing", "English"),
    ("World Desk", "English"),
    ("Regional Economy", "English"),
    ("Transport Watch", "English"),
    ("Giáo dục Thủ đô", "Giáo dục"),
    ("Tuổi trẻ Online", "Báo chí"),
    ("VnExpress Thời sự", "Báo chí"),
    ("Thanh Niên", "Báo chí"),
    ("Dân trí", "Báo chí"),
    ("Nikkei Asia (mirror)", "English"),
    ("Asia Markets", "English"),
    ("Cổng TTĐT Chính phủ", "Chính phủ"),
    ("Văn phòng Quốc hội", "Chính phủ"),
    ("Quận Hoàn Kiếm", "Địa phương"),
    ("Quận Đống Đa", "Địa phương"),
]


def title_for(rng: random.Random) -> str:
    if rng.random() < 0.6:
        return (
            f"{rng.choice(VI_SUBJECTS)} {rng.choice(VI_ACTIONS)} "
            f"{rng.choice(VI_OBJECTS)}{rng.choice(EXTRA)}"
        )
    return (
        f"{rng.choice(EN_SUBJECTS)} {rng.choice(EN_ACTIONS)} "
        f"{rng.choice(EN_OBJECTS)}{rng.choice(EXTRA)}"
    )


def build_cache(home: Path, items: int = 100_000, *, seed: int = 7, index: bool = True) -> Path:
    """Create (or replace) a cache under `home` with `items` items; returns the db path."""
    from newsroom_tui.paths import app_paths
    from newsroom_tui.store.cache import Cache
    from newsroom_tui.store.fold import index_fold

    paths = app_paths(home)
    paths.ensure()
    if paths.database.exists():
        paths.database.unlink()
    cache = Cache.open(paths.database)
    conn = cache.conn
    rng = random.Random(seed)
    now = int(time.time())
    feed_ids = []
    for n, (title, tag) in enumerate(FEEDS):
        feed_id, _ = cache.add_feed(
            f"https://bench.newsroom.invalid/{n}.xml", title=title, tags=[tag]
        )
        feed_ids.append(feed_id)
    # One feed failed its last fetch, as real newsrooms always have one.
    conn.execute(
        "UPDATE feeds SET last_status = 'ok', last_fetched = ? WHERE id != ?", (now, feed_ids[3])
    )
    conn.execute(
        "UPDATE feeds SET last_status = 'error', last_fetched = ?, "
        "last_error = 'HTTP 503 Service Unavailable' WHERE id = ?",
        (now, feed_ids[3]),
    )
    body = zlib.compress(
        ("<p>" + "Nội dung bài viết mẫu cho bài kiểm tra hiệu năng. " * 20 + "</p>").encode(), 6
    )
    # Bigger feeds first: a realistic skew in items per feed.
    weights = [1.0 / (k + 1) ** 0.7 for k in range(len(feed_ids))]
    conn.execute("BEGIN")
    start = now - 3 * 365 * 86400
    step = (now - start) / items
    rows, fts = [], []
    for k in range(items):
        feed_id = rng.choices(feed_ids, weights)[0]
        published = int(start + k * step + rng.randint(0, 3600))
        title = title_for(rng)
        views = None if rng.random() < 0.05 else int(rng.lognormvariate(6, 1.6))
        # About 40% unread: a heavy but real backlog (and the slow case for counts).
        read = 1 if rng.random() < 0.6 else 0
        bookmarked = 1 if rng.random() < 0.01 else 0
        summary = f"{title}. Tóm tắt ngắn cho mục {k}."
        digest = hashlib.blake2b(str(k).encode(), digest_size=16).hexdigest()
        rows.append(
            (
                feed_id,
                f"g:bench-{k}",
                f"bench-{k}",
                f"https://bench.newsroom.invalid/a/{k}",
                title,
                published,
                published,
                published,
                views,
                summary,
                body,
                summary,
                digest,
                read,
                bookmarked,
            )
        )
        if len(rows) == 5000 or k == items - 1:
            first = conn.execute("SELECT COALESCE(MAX(id), 0) + 1 FROM items").fetchone()[0]
            conn.executemany(
                "INSERT INTO items (feed_id, dedup_key, guid, url, title, published, "
                "first_seen, sort_time, views, summary, content_html, content_text, "
                "content_hash, read, bookmarked) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)",
                rows,
            )
            if index:
                fts = [
                    (first + i, index_fold(r[4]), index_fold(r[9]), index_fold(r[11]), "")
                    for i, r in enumerate(rows)
                ]
                conn.executemany(
                    "INSERT INTO items_fts (rowid, title, summary, body, note) "
                    "VALUES (?, ?, ?, ?, ?)",
                    fts,
                )
            rows = []
    conn.execute("COMMIT")
    cache.close()
    return paths.database


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("home", type=Path)
    parser.add_argument("--items", type=int, default=100_000)
    args = parser.parse_args()
    started = time.perf_counter()
    path = build_cache(args.home, args.items)
    print(f"{args.items} items in {path} ({time.perf_counter() - started:.1f} s)")


if __name__ == "__main__":
    main()
