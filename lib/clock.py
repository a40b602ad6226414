"""Today's date where the commune is (UTC+7), whatever the server's time zone.

`IHATINH_TODAY=YYYY-MM-DD` pins it, so tests and demonstrations see a fixed day.
"""

from __future__ import annotations

import datetime as dt
import os
from zoneinfo import ZoneInfo

ZONE = ZoneInfo("Asia/Ho_Chi_Minh")


def today() -> dt.date:
    pinned = os.environ.get("IHATINH_TODAY")
    return dt.date.fromisoformat(pinned) if pinned else dt.datetime.now(ZONE).date()
