"""The fake upstreams, loaded with a benchmark catalogue and made slow and flaky on demand.

Titles are synthetic and carry a per-run token, so their cache keys are new
even on a shared ``TEST_REDIS_URL`` server, and can be found again to delete.
"""

from __future__ import annotations

import copy
import json
import random
import threading
import time
from collections import Counter
from dataclasses import dataclass, field
from typing import Any

from tests.fakes.imdb import FailureKind, FakeCall, FakeImdb
from tests.fakes.imdb_pages import FakeTitle
from tests.fakes.kuryana import FIXTURES, FakeKuryana, Fault

IMDB_ID_BASE = 9_000_000  # tt9000000.. : far from the catalogue of the tests


KURYANA_WORKERS = 8  # instances behind the URL, each scraping one page at a time


class FlakyKuryana(FakeKuryana):
    """The fake kuryana, answering a random share of requests with a 500.

    A kuryana worker serves one request at a time (its scrape blocks its loop),
    so the benchmark's upstream is ``KURYANA_WORKERS`` of them: with latency L
    it can serve ``KURYANA_WORKERS / L`` calls a second, whatever the bot does.
    """

    def __init__(self, seed: int, workers: int = KURYANA_WORKERS) -> None:
        super().__init__()
        self.workers = workers
        self.error_rate = 0.0
        self.injected: Counter[str] = Counter()  # by route
        self._rng = random.Random(seed)

    def _fault_for(self, route: str) -> Fault | None:
        fault = super()._fault_for(route)
        if fault is None and self.error_rate and self._rng.random() < self.error_rate:
            self.injected[route] += 1
            return Fault.SERVER_ERROR
        return fault


@dataclass
class FlakyImdb(FakeImdb):
    """The fake IMDb, failing a random share of calls with HTTP 500, with latency jitter."""

    error_rate: float = 0.0
    jitter: float = 0.0
    seed: int = 0
    injected: Counter[str] = field(default_factory=Counter)  # by endpoint

    def __post_init__(self) -> None:
        super().__post_init__()
        self._rng = random.Random(self.seed)
        self._rng_lock = threading.Lock()
        self.hook = self._jitter

    def _draw(self) -> float:
        with self._rng_lock:
            return self._rng.random()

    def _jitter(self, call: FakeCall) -> None:
        # Runs in imdbinfo's worker thread, before the fixed ``delay``.
        if self.jitter:
            time.sleep(self._draw() * self.jitter)

    def _take_failure(self, endpoint: Any) -> FailureKind | None:
        failure = super()._take_failure(endpoint)
        if failure is None and self.error_rate and self._draw() < self.error_rate:
            with self._rng_lock:
                self.injected[endpoint] += 1
            return "http_500"
        return failure


@dataclass(frozen=True)
class Title:
    """One benchmark title, known to both fakes."""

    index: int
    mdl_query: str
    imdb_query: str
    slug: str
    imdb_id: str

    def command(self, source: str) -> str:
        return f"/mdl {self.mdl_query}" if source == "mdl" else f"/imdb {self.imdb_query}"

    def inline(self, source: str) -> str:
        return self.mdl_query if source == "mdl" else f"imdb {self.imdb_query}"


def _drama_template() -> dict[str, Any]:
    body = json.loads((FIXTURES / "drama_goblin.json").read_text(encoding="utf-8"))
    data: dict[str, Any] = body["data"]
    return data


def _hit(slug: str, title: str, year: int, rating: float) -> dict[str, Any]:
    number = slug.split("-", 1)[0]
    return {
        "slug": slug,
        "thumb": f"https://i.mydramalist.com/b{number}_4s.jpg",
        "mdl_id": f"mdl-{number}",
        "title": title,
        "ranking": f"#{int(number) % 900 + 1}",
        "type": "Korean Drama",
        "year": year,
        "series": "16 episodes",
        "rating": rating,
    }


def build_catalogue(
    kuryana: FakeKuryana, imdb: FakeImdb, token: str, group: str, count: int, first_number: int
) -> list[Title]:
    """Register ``count`` titles in both fakes; queries look like ``bench <token> <group> 042``.

    Every MyDramaList search finds three dramas (the title and two relatives),
    each with a details page. Every IMDb search finds its one film.
    Numbers are three digits so no query ends in something read as a year.
    """
    template = _drama_template()
    titles = []
    for i in range(count):
        number = first_number + i
        name = f"Bench {token} {group} {i:03d}"
        year = 2000 + i % 25
        slug = f"{number}-bench-{token}-{group}-{i:03d}"
        hits = [
            _hit(slug, name, year, 7.0 + (i % 30) / 10),
            _hit(f"{number + 500_000}-{token}-special", f"{name}: Special", year + 1, 7.1),
            _hit(f"{number + 900_000}-{token}-movie", f"{name} the Movie", year + 2, 6.9),
        ]
        mdl_query = f"bench {token} {group} {i:03d}"
        kuryana.add_search(mdl_query, hits)
        for hit in hits:
            data = copy.deepcopy(template)
            data.update(
                link=f"https://mydramalist.com/{hit['slug']}",
                title=f"{hit['title']} ({hit['year']})",
                complete_title=f"{hit['title']} ({hit['year']})",
                year=str(hit["year"]),
                poster=hit["thumb"].replace("_4s.", "_4c."),
                synopsis=f"Synthetic benchmark drama {hit['slug']}.",
            )
            kuryana.add_drama(hit["slug"], data)
        imdb_id = f"tt{IMDB_ID_BASE + number:07d}"
        imdb.add(
            FakeTitle(
                imdb_id=imdb_id,
                title=f"Bench {token} {group} film {i:03d}",
                year=year,
                rating=round(6.0 + (i % 35) / 10, 1),
                votes=1_000 + 37 * i,
                runtime_minutes=90 + i % 60,
                genres=("Drama", "Romance"),
                directors=(("nm9000001", "Bench Director"),),
                stars=(("nm9000002", "Bench Star One"), ("nm9000003", "Bench Star Two")),
                countries=(("KR", "South Korea"),),
                languages=(("ko", "Korean"),),
                plot=f"Synthetic benchmark film number {i} of group {group}.",
                cover_url=f"https://m.media-amazon.com/images/M/bench{number}@._V1_.jpg",
            )
        )
        imdb_query = f"bench {token} {group} film {i:03d}"
        titles.append(Title(i, mdl_query, imdb_query, slug, imdb_id))
    return titles


def zipf_weights(count: int, s: float) -> list[float]:
    """Cumulative weights of ranks 1..count with probability proportional to 1/rank**s."""
    total = 0.0
    cumulative = []
    for rank in range(1, count + 1):
        total += 1 / rank**s
        cumulative.append(total)
    return cumulative
