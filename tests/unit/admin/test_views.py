"""What the owner reads: /userstats, /cache_stats, /cache_analyze, /users, /health, /log."""

from __future__ import annotations

from datetime import UTC, datetime

from domain.admin.cache_report import analyse, render_analysis, render_cache_stats
from domain.admin.stats import UserCounts, lookup_figures, render_user_stats
from domain.admin.text import BreakerView, health_text, log_tail_html, user_label, users_page_text
from domain.models import NamespaceStats, User, UserProfile
from domain.paging import Page
from domain.text import TEXT_LIMIT, visible_len

T0 = datetime(2026, 1, 1, tzinfo=UTC)


def test_lookup_figures_fold_namespaces_into_sources() -> None:
    outcomes = {
        ("mdl:search", "hit"): 6.0,
        ("mdl:search", "miss"): 3.0,
        ("mdl:title", "miss"): 1.0,
        ("mdl:title", "upstream_error"): 1.0,
        ("imdb:title", "hit"): 2.0,
        ("imdb:title", "miss"): 4.0,
        ("imdb:title", "upstream_error"): 2.0,
        ("imdb:title", "stale"): 1.0,
    }
    figures = lookup_figures(outcomes, {"mdl": 3}, [("goblin", 2)])
    assert (figures.hits, figures.misses) == (8, 8)
    assert figures.hit_ratio == 0.5
    assert figures.upstreams["mdl"].error_rate == 0.25
    assert figures.upstreams["imdb"].error_rate == 0.5


def test_user_stats_text() -> None:
    counts = UserCounts(
        10, {"24 h": 2, "7 d": 5, "30 d": 9}, {"24 h": 1, "7 d": 2, "30 d": 3}, blocked=4
    )
    figures = lookup_figures(
        {("mdl:search", "hit"): 1.0, ("mdl:search", "miss"): 1.0},
        {"mdl": 5, "inline": 7},
        [("<script>", 3), ("goblin", 2)],
    )
    text = render_user_stats(counts, figures)
    assert "Total: 10" in text and "Blocked the bot: 4" in text
    assert "Active — 24 h: 2 · 7 d: 5 · 30 d: 9" in text
    assert "New — 24 h: 1 · 7 d: 2 · 30 d: 3" in text
    assert text.index("inline: 7") < text.index("mdl: 5")  # most used first
    assert "1. &lt;script&gt; — 3" in text
    assert "Cache hit ratio: 50.0 %" in text
    assert "MyDramaList errors: 0.0 % (0 of 1)" in text


def test_user_stats_with_nothing_yet() -> None:
    text = render_user_stats(UserCounts(0, {}, {}, 0), lookup_figures({}, {}, []))
    assert "None yet." in text and "Top queries" not in text


def test_cache_stats_text() -> None:
    stats = [NamespaceStats("mdl:search", 3, 1, 2, 2048), NamespaceStats("session", 0, 0, 0, 0)]
    text = render_cache_stats(stats, "Redis")
    assert "Cache (Redis)" in text
    assert "<code>mdl:search</code>: 2 keys, 2.0 KB, 3 hits / 1 miss (75 %)" in text
    assert "<code>session</code>: 0 keys, 0 B, 0 hits / 0 misses (–)" in text
    assert "Overall hit ratio since start-up: 75.0 % (3 / 4)" in text


def test_ttl_analysis_buckets_keys_and_names_the_largest() -> None:
    entries = [("a", 30, 10), ("b", 600, 5000), ("c", 7200, 20), ("d", -1, 1), ("e", 9e6, 99)]
    report = analyse("mdl:title", entries)
    assert report.keys == 5 and report.no_ttl == 1
    assert report.buckets == {"< 1 min": 1, "< 1 h": 1, "< 1 d": 1, "< 7 d": 0, "≥ 7 d": 1}
    assert report.largest[0] == ("b", 5000)
    text = render_analysis([report, analyse("empty", [])])
    assert "<b>mdl:title</b>: 5 keys" in text and "Without TTL: 1" in text
    assert "<code>b</code> 4.9 KB" in text
    assert "<b>empty</b>: 0 keys" in text


def test_users_page_text_with_names_and_unknown_ids() -> None:
    alice = User(UserProfile(2, "Alice", "<L>", "alice"), T0, T0)
    page = Page([2, 3], number=1, count=2, first_index=10)
    text = users_page_text(page, {2: alice, 3: None}, total=12)
    assert "(12) — page 2 of 2" in text
    assert "11. Alice &lt;L&gt; @alice — <code>2</code>" in text
    assert "12. <code>3</code> (has not written to me yet)" in text
    assert "Nobody yet" in users_page_text(Page([], 0, 1, 0), {}, total=0)
    blocked = User(UserProfile(4, "Bo"), T0, T0, blocked=True)
    assert "blocked me" in user_label(4, blocked)


def test_health_text() -> None:
    text = health_text(
        {"database": {"ok": True, "latency_ms": 1.5}, "cache": {"ok": False, "error": "X"}},
        {"IMDb": {"ok": True, "latency_ms": 80}},
        [BreakerView("IMDb", "open", 12.4), BreakerView("kuryana", "closed", 0)],
        uptime=90061,
        version="1.2.3",
    )
    assert "✅ Database — 1.5 ms" in text and "❌ Cache X" in text
    assert "✅ IMDb — 80 ms" in text
    assert "IMDb: open (next try in 12 s)" in text and "kuryana: closed" in text
    assert "Uptime: 1d 1h 1m · Version: 1.2.3" in text


def test_log_tail_keeps_the_newest_lines_that_fit() -> None:
    lines = [f"line {i} <{'x' * 90}>" for i in range(200)]
    text = log_tail_html(lines)
    assert text.startswith("<pre>") and text.endswith("</pre>")
    assert visible_len(text) <= TEXT_LIMIT
    assert "line 199 &lt;" in text and "line 0 " not in text


def test_log_tail_cuts_one_huge_line() -> None:
    text = log_tail_html(["y" * 10_000])
    assert visible_len(text) <= TEXT_LIMIT and text.endswith("</pre>")
