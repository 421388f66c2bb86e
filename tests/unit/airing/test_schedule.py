"""The pure parts of watching: the refresh schedule, what a refresh means, text, zones."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from domain.airing.schedule import (
    AFTER_AIRING,
    FAR,
    IMMINENT,
    NEAR,
    UNKNOWN,
    assess,
    failed,
    first_state,
    refresh_interval,
    retry_after,
)
from domain.airing.text import countdown, when
from domain.airing.timezones import resolve_zone
from domain.errors import InvalidInput
from domain.titles import Drama, NextEpisode

NOW = datetime(2026, 5, 1, 12, 0, tzinfo=UTC)
H = timedelta(hours=1)


def drama(episode: int | None, at: datetime | None = None, **fields: str) -> Drama:
    upcoming = NextEpisode(episode, at) if episode is not None else None
    return Drama(slug="1-show", title="Show", next_episode=upcoming, **fields)  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("airs_in", "expected"),
    [
        (None, UNKNOWN),
        (timedelta(days=3), FAR),
        (timedelta(hours=30), FAR),
        (timedelta(hours=25, minutes=30), FAR),
        (timedelta(hours=5), NEAR),
        (timedelta(minutes=30), IMMINENT),
        (timedelta(minutes=2), 120.0),  # never past the air time itself
        (timedelta(0), AFTER_AIRING),
        (-H, AFTER_AIRING),
    ],
)
def test_refreshes_come_closer_as_an_airing_approaches(
    airs_in: timedelta | None, expected: float
) -> None:
    airs_at = None if airs_in is None else NOW + airs_in
    assert refresh_interval(NOW, airs_at) == expected


def test_a_far_refresh_is_capped_at_the_air_time() -> None:
    assert refresh_interval(NOW, NOW + timedelta(hours=12, minutes=5)) == NEAR
    assert refresh_interval(NOW, NOW + timedelta(minutes=50)) == IMMINENT
    assert refresh_interval(NOW, NOW + timedelta(minutes=3)) == 180.0


def test_failures_back_off_to_an_hour() -> None:
    assert [retry_after(n) for n in (1, 2, 3, 4, 5, 9)] == [300, 600, 1200, 2400, 3600, 3600]
    state = failed(first_state(drama(5, NOW + H), NOW), NOW)
    assert state.failures == 1 and state.next_refresh == NOW + timedelta(minutes=5)


def test_nothing_aired_before_the_air_time() -> None:
    state = first_state(drama(5, NOW + H), NOW)
    verdict = assess(state, drama(5, NOW + H), NOW + H / 2)
    assert verdict.aired is None and not verdict.finished
    assert verdict.state.episode == 5
    assert verdict.state.next_refresh == NOW + H / 2 + timedelta(seconds=IMMINENT)


def test_the_air_time_passing_with_the_upstream_agreeing_means_aired() -> None:
    state = first_state(drama(5, NOW + H), NOW)
    verdict = assess(state, drama(5, NOW + H), NOW + H)
    assert verdict.aired == 5 and verdict.aired_at == NOW + H
    assert verdict.state.episode == 6 and verdict.state.airs_at is None
    # The upstream still shows episode 5 later on: nothing new.
    assert assess(verdict.state, drama(5, NOW + H), NOW + 2 * H).aired is None


def test_a_postponed_episode_is_not_announced() -> None:
    state = first_state(drama(5, NOW + H), NOW)
    verdict = assess(state, drama(5, NOW + 25 * H), NOW + 2 * H)
    assert verdict.aired is None
    assert verdict.state.airs_at == NOW + 25 * H


def test_the_upstream_moving_on_means_aired_even_before_the_stored_time() -> None:
    state = first_state(drama(5, NOW + H), NOW)
    verdict = assess(state, drama(6, NOW + 7 * 24 * H), NOW + H / 2)
    assert verdict.aired == 5 and verdict.state.episode == 6
    skipped_two = assess(state, drama(8, None), NOW + 3 * H)
    assert skipped_two.aired == 7 and skipped_two.aired_at == NOW + 3 * H


def test_current_episode_reaching_the_stored_one_means_aired() -> None:
    state = first_state(drama(5, None), NOW)
    assert assess(state, drama(None, current_episode="5"), NOW).aired == 5


def test_a_drama_finishes_when_no_episode_is_left() -> None:
    state = first_state(drama(16, NOW + H), NOW)
    ended = assess(state, drama(None, current_episode="16", episodes="16"), NOW + 2 * H)
    assert ended.aired == 16 and ended.finished
    paused = assess(state, drama(None, current_episode="15", episodes="16"), NOW + H / 2)
    assert not paused.finished and paused.aired is None
    unknown_total = assess(state, drama(None), NOW + H / 2)
    assert not unknown_total.finished


def test_countdowns_read_naturally() -> None:
    assert countdown(NOW, NOW + timedelta(days=2, hours=3, minutes=10)) == "in 2 days 3 h"
    assert countdown(NOW, NOW + timedelta(days=1)) == "in 1 day"
    assert countdown(NOW, NOW + timedelta(hours=3, minutes=20)) == "in 3 h 20 min"
    assert countdown(NOW, NOW + timedelta(seconds=20)) == "in 1 min"
    assert countdown(NOW, NOW - H) == "airing now"


def test_times_show_in_the_users_zone() -> None:
    at = datetime(2017, 1, 20, 12, 0, tzinfo=UTC)
    assert when(at, "Asia/Seoul") == "Fri 20 Jan 2017, 21:00 KST"
    assert when(at, "UTC") == "Fri 20 Jan 2017, 12:00 UTC"


def test_zones_resolve_in_any_case_and_refuse_unknown_ones() -> None:
    assert resolve_zone("asia/seoul") == "Asia/Seoul"
    assert resolve_zone(" America/New York ") == "America/New_York"
    with pytest.raises(InvalidInput) as refused:
        resolve_zone("Mars/Olympus")
    assert "Mars/Olympus" in refused.value.message and "Asia/Seoul" in refused.value.hint
