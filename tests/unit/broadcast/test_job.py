"""Pacing, progress throttling, ETA and the progress text of a broadcast."""

from __future__ import annotations

from collections import Counter
from datetime import UTC, datetime

import pytest

from domain.broadcast.job import BroadcastJob, BroadcastStatus, Throttle, eta_seconds, progress_text
from domain.pacing import Delivery, DeliveryKind, Pacer

T0 = datetime(2026, 1, 1, tzinfo=UTC)


def test_pacer_spaces_sends_and_never_bursts_above_the_rate() -> None:
    pacer = Pacer(25)
    now = 100.0
    waits = []
    for _ in range(5):
        wait = pacer.wait(now)
        waits.append(wait)
        now += wait
    assert waits[0] == 0
    assert waits[1:] == pytest.approx([0.04] * 4)


def test_pacer_does_not_save_up_idle_time_for_a_burst() -> None:
    pacer = Pacer(10)
    pacer.wait(0.0)
    assert pacer.wait(50.0) == 0  # long after: send now
    assert pacer.wait(50.0) == pytest.approx(0.1)  # but the next still waits its turn


def test_pacer_pause_holds_the_next_slot_until_the_flood_wait_ends() -> None:
    pacer = Pacer(10)
    pacer.wait(0.0)
    pacer.pause(0.0, 3.0)
    assert pacer.wait(1.0) == pytest.approx(2.0)


def test_pacer_refuses_a_zero_rate() -> None:
    with pytest.raises(ValueError, match="positive"):
        Pacer(0)


def test_throttle_allows_one_report_per_interval() -> None:
    throttle = Throttle(5.0)
    assert [throttle.due(t) for t in (0.0, 1.0, 4.9, 5.0, 6.0, 10.1)] == [
        True,
        False,
        False,
        True,
        False,
        True,
    ]


def test_eta() -> None:
    assert eta_seconds(0, 100, 10.0) is None
    assert eta_seconds(25, 100, 10.0) == pytest.approx(30.0)
    assert eta_seconds(120, 100, 10.0) == 0


def test_record_counts_outcomes_and_moves_the_cursor() -> None:
    job = BroadcastJob("j", 1, 1, 2, T0, pending=10)
    job.record(10, Delivery(DeliveryKind.SENT))
    job.record(11, Delivery(DeliveryKind.BLOCKED, "UserIsBlocked"))
    job.record(12, Delivery(DeliveryKind.FAILED, "PeerIdInvalid"))
    assert (job.sent, job.blocked, job.failed, job.cursor, job.pending) == (1, 1, 1, 12, None)
    assert job.failures == Counter({"PeerIdInvalid": 1})


def test_a_claim_left_by_a_crash_is_settled_as_uncertain_not_retried() -> None:
    job = BroadcastJob("j", 1, 1, 2, T0, cursor=10, pending=11)
    job.settle_interrupted()
    assert (job.cursor, job.pending, job.uncertain) == (11, None, 1)
    job.settle_interrupted()  # nothing pending: nothing changes
    assert job.uncertain == 1


def test_progress_text_while_running_and_when_done() -> None:
    job = BroadcastJob("j", 1, 1, 2, T0, status=BroadcastStatus.RUNNING, total=100)
    job.sent, job.blocked, job.failed = 40, 5, 5
    job.failures = Counter({"<PeerIdInvalid>": 5})
    running = progress_text(job, 10.0)
    assert "Broadcasting" in running
    assert "Sent: 40 · Failed: 5 · Blocked: 5" in running
    assert "Progress: 50 of 100" in running and "Rate: 5.0/s" in running
    assert "ETA: 10s" in running and "Elapsed: 10s" in running
    assert "&lt;PeerIdInvalid&gt; 5" in running  # reasons are escaped

    job.status = BroadcastStatus.DONE
    done = progress_text(job, 3725.0)
    assert "Broadcast finished" in done and "ETA" not in done
    assert "Elapsed: 1h 02m" in done
