"""Image hosts for poster tests, which can only run on loopback here.

The bot's ``SafeFetcher`` refuses loopback and plain http, as it must in
production. Tests that need a poster *downloaded* from a local server give the
fetcher a policy that admits exactly that (``admit_loopback_images``), or map
made-up host names to chosen loopback addresses with ``StubResolver`` and
admit only one of them (``only_admitting``), so the refusal of every other
address is still exercised after resolution.
"""

from __future__ import annotations

import ipaddress
import socket
from collections import Counter
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass, field
from typing import Any

from aiohttp import web
from aiohttp.abc import AbstractResolver, ResolveResult

from infra.safe_fetch import FetchPolicy, IPAddress

# 127.0.0.2 stands in for a public CDN address in these tests; 127.0.0.1 for an internal one.
PUBLIC_STAND_IN = "127.0.0.2"
INTERNAL = "127.0.0.1"


def only_admitting(*addresses: str, **overrides: Any) -> FetchPolicy:
    """The product's policy, but plain http allowed and only ``addresses`` admitted."""
    admitted = {ipaddress.ip_address(a) for a in addresses}

    def allow(address: IPAddress) -> bool:
        return address in admitted

    options: dict[str, Any] = {"schemes": frozenset({"http", "https"}), "allow_address": allow}
    options.update(overrides)
    return FetchPolicy(**options)


def admit_loopback_images(services: Any) -> None:
    """Let the running bot download posters from a local http server on 127.0.0.1."""
    services.http.policy = only_admitting(INTERNAL)


class StubResolver(AbstractResolver):
    """Resolves the names it was given to the addresses it was given; nothing else."""

    def __init__(self, names: dict[str, list[str]]) -> None:
        self.names = names
        self.asked: list[str] = []

    async def resolve(
        self, host: str, port: int = 0, family: socket.AddressFamily = socket.AF_INET
    ) -> list[ResolveResult]:
        self.asked.append(host)
        if host not in self.names:
            raise OSError(f"stub resolver: unknown host {host}")
        return [
            ResolveResult(
                hostname=host,
                host=address,
                port=port,
                family=socket.AF_INET6 if ":" in address else socket.AF_INET,
                proto=0,
                flags=socket.AI_NUMERICHOST,
            )
            for address in self.names[host]
        ]

    async def close(self) -> None:
        return None


JPEG = b"\xff\xd8\xff\xe0\x00\x10JFIF\x00\x01\x01\x00\x00\x01\x00\x01\x00\x00"
JPEG += b"\x00" * 64 + b"\xff\xd9"
SECRET = b"\xff\xd8\xff\xe0 internal admin page that must never reach a chat \xff\xd9"


@dataclass
class ImageHosts:
    """A "CDN" on 127.0.0.2 (host name ``cdn.test``) and an internal service on
    127.0.0.1 (``internal.test``), on the same port number; ``resolver`` maps both."""

    port: int
    internal_hits: Counter[str] = field(default_factory=Counter)
    cdn_hits: Counter[str] = field(default_factory=Counter)

    @property
    def resolver(self) -> StubResolver:
        return StubResolver({"cdn.test": [PUBLIC_STAND_IN], "internal.test": [INTERNAL]})

    def cdn(self, path: str) -> str:
        return f"http://cdn.test:{self.port}{path}"

    def internal(self, path: str = "/admin/secret.jpg") -> str:
        return f"http://internal.test:{self.port}{path}"


def _cdn_app(hosts: ImageHosts, big: int) -> web.Application:
    async def poster(request: web.Request) -> web.StreamResponse:
        hosts.cdn_hits[request.path] += 1
        return web.Response(body=JPEG, content_type="image/jpeg")

    async def redirect(request: web.Request) -> web.StreamResponse:
        hosts.cdn_hits[request.path] += 1
        target = {
            "/to-internal-name": hosts.internal(),
            "/to-internal-ip": f"http://{INTERNAL}:{hosts.port}/admin/secret.jpg",
            "/to-poster": "/poster.jpg",
            "/loop": "/loop",
        }[request.path]
        raise web.HTTPFound(target)

    async def oversized(request: web.Request) -> web.StreamResponse:
        hosts.cdn_hits[request.path] += 1
        return web.Response(body=JPEG + b"\x00" * big, content_type="image/jpeg")

    async def oversized_chunked(request: web.Request) -> web.StreamResponse:
        # No Content-Length: the cap must hold while reading.
        hosts.cdn_hits[request.path] += 1
        response = web.StreamResponse(headers={"Content-Type": "image/jpeg"})
        response.enable_chunked_encoding()
        await response.prepare(request)
        for _ in range(8):
            await response.write(b"\x00" * (big // 4 + 1))
        await response.write_eof()
        return response

    async def html(request: web.Request) -> web.StreamResponse:
        hosts.cdn_hits[request.path] += 1
        return web.Response(text="<html>not an image</html>", content_type="text/html")

    app = web.Application()
    app.router.add_get("/poster.jpg", poster)
    for path in ("/to-internal-name", "/to-internal-ip", "/to-poster", "/loop"):
        app.router.add_get(path, redirect)
    app.router.add_get("/big.jpg", oversized)
    app.router.add_get("/big-chunked.jpg", oversized_chunked)
    app.router.add_get("/page.jpg", html)
    return app


def _internal_app(hosts: ImageHosts) -> web.Application:
    async def anything(request: web.Request) -> web.StreamResponse:
        hosts.internal_hits[request.path] += 1
        return web.Response(body=SECRET, content_type="image/jpeg")

    app = web.Application()
    app.router.add_get("/{tail:.*}", anything)
    return app


@asynccontextmanager
async def image_hosts(big: int = 4096) -> AsyncIterator[ImageHosts]:
    """Both servers started on one free port (127.0.0.1 and 127.0.0.2 are distinct hosts)."""
    hosts = ImageHosts(0)
    internal = web.AppRunner(_internal_app(hosts))
    await internal.setup()
    site = web.TCPSite(internal, INTERNAL, 0)
    await site.start()
    hosts.port = internal.addresses[0][1]
    cdn = web.AppRunner(_cdn_app(hosts, big))
    await cdn.setup()
    await web.TCPSite(cdn, PUBLIC_STAND_IN, hosts.port).start()
    try:
        yield hosts
    finally:
        await cdn.cleanup()
        await internal.cleanup()
