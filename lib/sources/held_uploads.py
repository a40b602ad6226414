"""Uploaded workbooks held for their sessions, within one total for the whole server.

An upload's figures live only as long as its session wants them, and a server cannot let
dozens of sessions each keep a province-sized file (about 1,3 GB validated): the uploads are
held here, least recently used dropped first once the total passes the cap (`[limits]
uploads_total_mb` in campaign.toml), and a session's upload dropped when the session ends (its
handle is garbage-collected). A session whose upload was dropped is told so on its next run
and sees the main source again.
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from typing import Any


class HeldUploads:
    def __init__(self, cap_bytes: int) -> None:
        self.cap_bytes = cap_bytes
        self._held: OrderedDict[str, tuple[Any, int]] = OrderedDict()
        self._dropped: set[str] = set()
        self._lock = threading.Lock()

    @property
    def total(self) -> int:
        return sum(size for _, size in self._held.values())

    def put(self, key: str, value: Any, size: int) -> list[str]:
        """Hold `value` for session `key`; returns the sessions whose uploads were dropped to
        stay within the cap (least recently used first; never the one just put)."""
        with self._lock:
            self._held.pop(key, None)
            self._dropped.discard(key)
            self._held[key] = (value, size)
            dropped = []
            while self.total > self.cap_bytes and len(self._held) > 1:
                oldest = next(iter(self._held))
                del self._held[oldest]
                self._dropped.add(oldest)
                dropped.append(oldest)
            return dropped

    def get(self, key: str) -> Any | None:
        with self._lock:
            if key not in self._held:
                return None
            self._held.move_to_end(key)
            return self._held[key][0]

    def was_dropped(self, key: str) -> bool:
        """True once after the cap dropped this session's upload (the session is then told)."""
        with self._lock:
            if key in self._dropped:
                self._dropped.discard(key)
                return True
            return False

    def drop(self, key: str) -> None:
        """The session ended or let its upload go."""
        with self._lock:
            self._held.pop(key, None)
            self._dropped.discard(key)
