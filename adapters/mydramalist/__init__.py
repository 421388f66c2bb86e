"""MyDramaList through a kuryana-compatible HTTP API."""

from adapters.mydramalist.client import KuryanaClient

__all__ = ["KuryanaClient"]
