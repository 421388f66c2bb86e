"""Fetching an image from a URL an upstream chose, without becoming a proxy into our network.

Poster URLs come from third parties (public kuryana instances, IMDb pages), so
a URL such as ``http://127.0.0.1:8080/admin`` must never be fetched and its body
uploaded to a chat. Every hop of a download is checked:

- the scheme (``https`` only) and, for an IP literal, the address;
- every address a host name resolves to, in the connector's resolver, so the
  check applies to the address actually connected to (no DNS-rebinding gap
  between checking and connecting; aiohttp skips the resolver only for IP
  literals, which are checked before it);
- redirects are followed by hand, each hop checked like the first;
- the body: an image content type, and a size cap enforced while reading.
"""

from __future__ import annotations

import ipaddress
import socket
from collections.abc import Callable
from dataclasses import dataclass, field

import aiohttp
import structlog
from aiohttp.abc import AbstractResolver, ResolveResult
from yarl import URL

log = structlog.get_logger(__name__)

IPAddress = ipaddress.IPv4Address | ipaddress.IPv6Address
REDIRECTS = frozenset({301, 302, 303, 307, 308})
# What Telegram takes as a photo; SVG (scriptable) and the rest are refused.
IMAGE_TYPES = frozenset({"image/jpeg", "image/png", "image/webp", "image/gif"})
_NAT64 = ipaddress.ip_network("64:ff9b::/96")


def is_public_address(address: IPAddress) -> bool:
    """True only for globally routable unicast addresses, including what an IPv6
    address embeds (IPv4-mapped, 6to4, Teredo, NAT64), which reaches IPv4 behind it."""
    if isinstance(address, ipaddress.IPv6Address):
        embedded: list[IPAddress] = []
        if address.ipv4_mapped is not None:
            embedded.append(address.ipv4_mapped)
        if address.sixtofour is not None:
            embedded.append(address.sixtofour)
        if address.teredo is not None:
            embedded.extend(address.teredo)
        if address in _NAT64:
            embedded.append(ipaddress.IPv4Address(int(address) & 0xFFFFFFFF))
        if not all(is_public_address(inner) for inner in embedded):
            return False
    return address.is_global and not address.is_multicast


@dataclass(frozen=True, slots=True)
class FetchPolicy:
    """What may be fetched. The defaults are the product's; tests that serve images
    from loopback inject a policy that admits their server and nothing else."""

    schemes: frozenset[str] = frozenset({"https"})
    allow_address: Callable[[IPAddress], bool] = is_public_address
    max_bytes: int = 10 * 1024 * 1024
    max_redirects: int = 3
    content_types: frozenset[str] = IMAGE_TYPES
    timeout: float = 10.0


class RefusedAddress(OSError):
    """A host resolved only to addresses the policy refuses (aiohttp reports it as a
    connection error, so nothing is ever sent there)."""


class GuardedResolver(AbstractResolver):
    """Resolves with ``inner`` and keeps only the addresses the policy allows."""

    def __init__(self, fetcher: SafeFetcher, inner: AbstractResolver) -> None:
        self._fetcher = fetcher
        self._inner = inner

    async def resolve(
        self, host: str, port: int = 0, family: socket.AddressFamily = socket.AF_INET
    ) -> list[ResolveResult]:
        answers = await self._inner.resolve(host, port, family)
        allowed = [a for a in answers if self._fetcher.allows(a["host"])]
        if not allowed:
            raise RefusedAddress(f"{host} resolves to no address the bot may fetch from")
        return allowed

    async def close(self) -> None:
        await self._inner.close()


@dataclass
class SafeFetcher:
    """Downloads images under ``policy``; owns its own session (no cookies, no proxy
    from the environment), closed with ``close()``."""

    policy: FetchPolicy = field(default_factory=FetchPolicy)
    resolver: AbstractResolver | None = None
    user_agent: str = "dramabot/0.1"
    _session: aiohttp.ClientSession | None = field(default=None, init=False, repr=False)

    def allows(self, host: str) -> bool:
        try:
            address = ipaddress.ip_address(host.split("%", 1)[0])  # drop an IPv6 zone id
        except ValueError:
            return False
        return self.policy.allow_address(address)

    def _session_for_use(self) -> aiohttp.ClientSession:
        if self._session is None:
            inner = self.resolver or aiohttp.DefaultResolver()
            connector = aiohttp.TCPConnector(resolver=GuardedResolver(self, inner), limit=20)
            self._session = aiohttp.ClientSession(
                connector=connector,
                cookie_jar=aiohttp.DummyCookieJar(),
                headers={"User-Agent": self.user_agent, "Accept": "image/*"},
                trust_env=False,
            )
        return self._session

    async def close(self) -> None:
        if self._session is not None:
            await self._session.close()
            self._session = None

    def _refusal(self, url: URL) -> str | None:
        """Why ``url`` may not be fetched at all, before any connection."""
        if url.scheme not in self.policy.schemes:
            return "scheme"
        if not url.host or url.user is not None or url.password is not None:
            return "host"
        try:
            ipaddress.ip_address(url.host)
        except ValueError:
            return None  # a name: its addresses are checked by the resolver
        return None if self.allows(url.host) else "address"

    async def fetch_image(self, url: str) -> bytes | None:
        """The image at ``url``, or None (logged with the reason) when it may not or
        cannot be had: callers fall back to text."""
        try:
            current = URL(url)
        except ValueError:
            return self._refused("url")
        timeout = aiohttp.ClientTimeout(total=self.policy.timeout)
        for _hop in range(self.policy.max_redirects + 1):
            reason = self._refusal(current)
            if reason is not None:
                return self._refused(reason)
            try:
                async with self._session_for_use().get(
                    current, allow_redirects=False, timeout=timeout
                ) as response:
                    if response.status in REDIRECTS:
                        location = response.headers.get("Location")
                        if not location:
                            return self._refused("redirect")
                        current = response.url.join(URL(location))
                        continue
                    return await self._body(response)
            except (aiohttp.ClientError, TimeoutError, ValueError) as exc:
                # aiohttp wraps the resolver's refusal in a connection error.
                if isinstance(exc.__cause__, RefusedAddress):
                    return self._refused("address")
                log.info("poster_download_failed", error=type(exc).__name__)
                return None
        return self._refused("redirects")

    async def _body(self, response: aiohttp.ClientResponse) -> bytes | None:
        if response.status != 200:
            return self._refused("status")
        if response.content_type not in self.policy.content_types:
            return self._refused("content_type")
        limit = self.policy.max_bytes
        if response.content_length is not None and response.content_length > limit:
            return self._refused("size")
        # Read in chunks and stop past the cap: a lying or absent Content-Length
        # never makes the bot hold more than the cap in memory.
        data = bytearray()
        async for chunk in response.content.iter_chunked(64 * 1024):
            data += chunk
            if len(data) > limit:
                return self._refused("size")
        return bytes(data) if data else self._refused("empty")

    @staticmethod
    def _refused(reason: str) -> bytes | None:
        """Log why, and answer None (typed for ``return self._refused(...)``)."""
        # The URL itself is not logged: it is upstream data and may carry anything.
        log.info("poster_download_refused", reason=reason)
        return None
