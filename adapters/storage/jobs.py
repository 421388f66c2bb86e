"""A broadcast job as plain fields, the same for every backend.

Times are epoch seconds, so SQLite (JSON text) and MongoDB (a document) store
the very same values and the contract tests compare like with like.
"""

from __future__ import annotations

from collections import Counter
from datetime import UTC, datetime
from typing import Any

from domain.broadcast.job import BroadcastJob, BroadcastStatus


def _ts(value: datetime | None) -> float | None:
    return None if value is None else value.timestamp()


def _dt(value: Any) -> datetime | None:
    return None if value is None else datetime.fromtimestamp(float(value), UTC)


def job_fields(job: BroadcastJob) -> dict[str, Any]:
    return {
        "owner_chat_id": job.owner_chat_id,
        "source_chat_id": job.source_chat_id,
        "source_message_id": job.source_message_id,
        "created_at": job.created_at.timestamp(),
        "status": job.status.value,
        "total": job.total,
        "cursor": job.cursor,
        "pending": job.pending,
        "sent": job.sent,
        "blocked": job.blocked,
        "failed": job.failed,
        "uncertain": job.uncertain,
        "failures": dict(job.failures),
        "progress_message_id": job.progress_message_id,
        "started_at": _ts(job.started_at),
        "finished_at": _ts(job.finished_at),
    }


def job_from_fields(job_id: str, data: dict[str, Any]) -> BroadcastJob:
    created = _dt(data["created_at"])
    assert created is not None
    pending, progress = data.get("pending"), data.get("progress_message_id")
    return BroadcastJob(
        id=job_id,
        owner_chat_id=int(data["owner_chat_id"]),
        source_chat_id=int(data["source_chat_id"]),
        source_message_id=int(data["source_message_id"]),
        created_at=created,
        status=BroadcastStatus(data["status"]),
        total=int(data.get("total", 0)),
        cursor=int(data.get("cursor", 0)),
        pending=None if pending is None else int(pending),
        sent=int(data.get("sent", 0)),
        blocked=int(data.get("blocked", 0)),
        failed=int(data.get("failed", 0)),
        uncertain=int(data.get("uncertain", 0)),
        failures=Counter({str(k): int(v) for k, v in (data.get("failures") or {}).items()}),
        progress_message_id=None if progress is None else int(progress),
        started_at=_dt(data.get("started_at")),
        finished_at=_dt(data.get("finished_at")),
    )
