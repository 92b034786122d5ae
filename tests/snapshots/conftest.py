from __future__ import annotations

from support.app_fixtures import demo_home, demo_template, utc  # noqa: F401
