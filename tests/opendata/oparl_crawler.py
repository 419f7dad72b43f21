"""A client written from the OParl 1.1 specification, not from our code: from the System to its body list, from
each Body to each of its lists (the properties the spec names as lists, and our extension's ``kyhop:`` lists),
every page by ``links.next``, keeping every object by its ``id``. An incremental sync asks each list for
``modified_since`` the start of the previous sync and applies what comes: an object replaces the one kept, a
tombstone (``deleted: true``) removes it."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urlencode

LISTS = (
    "organization",
    "person",
    "meeting",
    "paper",
    "agendaItem",
    "consultation",
    "file",
    "locationList",
    "legislativeTermList",
    "membership",
)
EXTENSION_LISTS = ("kyhop:resolution", "kyhop:voteEvent", "kyhop:attendance")  # docs/open-data.md


@dataclass
class Crawl:
    objects: dict[str, dict[str, Any]] = field(default_factory=dict)
    fetched: int = 0  # objects received (tombstones too)
    requests: int = 0
    started: str = ""


class Crawler:
    def __init__(self, get: Any, entry: str) -> None:
        self.get = get  # GET an absolute URL → parsed JSON (the test's client, the bench's)
        self.entry = entry

    def _json(self, crawl: Crawl, url: str) -> Any:
        crawl.requests += 1
        return self.get(url)

    def _list(self, crawl: Crawl, url: str, since: str | None) -> list[dict[str, Any]]:
        if since is not None:
            url += ("&" if "?" in url else "?") + urlencode({"modified_since": since})
        found: list[dict[str, Any]] = []
        next_url: str | None = url
        while next_url is not None:
            page = self._json(crawl, next_url)
            found += page["data"]
            next_url = page.get("links", {}).get("next")
        crawl.fetched += len(found)
        return found

    def sync(self, kept: Crawl | None = None) -> Crawl:
        """A full crawl (``kept`` None), or an incremental one from ``kept`` (its objects updated in place)."""
        since = kept.started if kept is not None else None
        crawl = Crawl(objects=kept.objects if kept is not None else {})
        crawl.started = dt.datetime.now(dt.UTC).isoformat(timespec="microseconds").replace("+00:00", "Z")
        system = self._json(crawl, self.entry)
        self._apply(crawl, [system])
        self._apply(crawl, self._list(crawl, system["body"], since))
        # Every body known (one unchanged since the last sync is not in the list, but its lists may have changed)
        for body in [o for o in list(crawl.objects.values()) if o["type"].endswith("/Body")]:
            for url in [body[k] for k in LISTS + EXTENSION_LISTS if k in body]:
                self._apply(crawl, self._list(crawl, url, since))
        return crawl

    @staticmethod
    def _apply(crawl: Crawl, objects: list[dict[str, Any]]) -> None:
        for data in objects:
            if data.get("deleted"):
                crawl.objects.pop(data["id"], None)
            else:
                crawl.objects[data["id"]] = data
