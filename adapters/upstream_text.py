"""Text from upstreams made encodable: no lone UTF-16 surrogates.

JSON may carry an escape such as ``"\\ud800"`` with no partner; Python keeps it
as a lone surrogate, which UTF-8 cannot encode, so one title carrying it would
fail every cache write and every message that shows it. It becomes U+FFFD,
the replacement character, at the boundary where upstream data comes in.
"""

from __future__ import annotations

from typing import Any


def encodable(text: str) -> str:
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        # A valid pair survives the round trip; a lone half becomes U+FFFD.
        return text.encode("utf-16", "surrogatepass").decode("utf-16", "replace")
    return text


def encodable_json(value: Any) -> Any:
    """``value`` (parsed JSON) with every string, keys included, made encodable."""
    if isinstance(value, str):
        return encodable(value)
    if isinstance(value, list):
        return [encodable_json(item) for item in value]
    if isinstance(value, dict):
        return {encodable(str(k)): encodable_json(v) for k, v in value.items()}
    return value
