"""The guarded poster download against local servers: what it fetches and what it refuses.

127.0.0.2 (``cdn.test``) stands in for a public CDN and 127.0.0.1
(``internal.test``) for an internal service; the product's own policy is used
wherever the test does not need to reach a local server at all.
"""

from __future__ import annotations

import ipaddress
from collections.abc import AsyncIterator

import pytest
from structlog.testing import capture_logs

from infra.safe_fetch import FetchPolicy, SafeFetcher, is_public_address
from tests.fakes.image_hosts import (
    INTERNAL,
    JPEG,
    PUBLIC_STAND_IN,
    ImageHosts,
    StubResolver,
    image_hosts,
    only_admitting,
)

CAP = 4096


@pytest.fixture
async def hosts() -> AsyncIterator[ImageHosts]:
    async with image_hosts(big=CAP) as started:
        yield started


@pytest.fixture
async def fetcher(hosts: ImageHosts) -> AsyncIterator[SafeFetcher]:
    guarded = SafeFetcher(only_admitting(PUBLIC_STAND_IN, max_bytes=CAP), resolver=hosts.resolver)
    yield guarded
    await guarded.close()


async def test_a_public_image_is_fetched(fetcher: SafeFetcher, hosts: ImageHosts) -> None:
    assert await fetcher.fetch_image(hosts.cdn("/poster.jpg")) == JPEG


async def test_a_redirect_to_a_public_image_is_followed(
    fetcher: SafeFetcher, hosts: ImageHosts
) -> None:
    assert await fetcher.fetch_image(hosts.cdn("/to-poster")) == JPEG


@pytest.mark.parametrize(
    "path", ["/to-internal-name", "/to-internal-ip"], ids=["by-name", "by-ip-literal"]
)
async def test_a_redirect_to_an_internal_address_is_refused_before_connecting(
    fetcher: SafeFetcher, hosts: ImageHosts, path: str
) -> None:
    assert await fetcher.fetch_image(hosts.cdn(path)) is None
    assert hosts.cdn_hits[path] == 1
    assert not hosts.internal_hits  # nothing was ever sent to the internal service


async def test_a_name_resolving_to_an_internal_address_is_refused(
    fetcher: SafeFetcher, hosts: ImageHosts
) -> None:
    assert await fetcher.fetch_image(hosts.internal()) is None
    assert not hosts.internal_hits


@pytest.mark.parametrize("path", ["/big.jpg", "/big-chunked.jpg"])
async def test_an_oversized_body_is_refused(
    fetcher: SafeFetcher, hosts: ImageHosts, path: str
) -> None:
    assert await fetcher.fetch_image(hosts.cdn(path)) is None
    assert hosts.cdn_hits[path] == 1


async def test_a_body_that_is_not_an_image_is_refused(
    fetcher: SafeFetcher, hosts: ImageHosts
) -> None:
    assert await fetcher.fetch_image(hosts.cdn("/page.jpg")) is None


async def test_a_redirect_loop_ends(fetcher: SafeFetcher, hosts: ImageHosts) -> None:
    assert await fetcher.fetch_image(hosts.cdn("/loop")) is None
    assert hosts.cdn_hits["/loop"] == FetchPolicy().max_redirects + 1


async def test_the_products_policy_refuses_loopback_and_plain_http(hosts: ImageHosts) -> None:
    # The real resolver and the default policy: no test allowance at all.
    product = SafeFetcher()
    try:
        for url in (
            f"https://{INTERNAL}:{hosts.port}/admin/secret.jpg",
            f"https://localhost:{hosts.port}/admin/secret.jpg",
            f"https://[::ffff:127.0.0.1]:{hosts.port}/admin/secret.jpg",
            f"http://{PUBLIC_STAND_IN}:{hosts.port}/poster.jpg",
            f"ftp://{PUBLIC_STAND_IN}/poster.jpg",
            f"https://user:pw@{PUBLIC_STAND_IN}:{hosts.port}/poster.jpg",
            "not a url at all",
        ):
            assert await product.fetch_image(url) is None, url
    finally:
        await product.close()
    assert not hosts.internal_hits and not hosts.cdn_hits


async def test_a_name_with_any_internal_answer_connects_only_to_public_ones() -> None:
    # DNS answers mixing addresses: the internal ones are dropped before connecting.
    resolver = StubResolver({"mixed.test": ["10.0.0.5", "93.184.216.34"]})
    guard = SafeFetcher(resolver=resolver)
    guarded = guard._session_for_use().connector._resolver  # type: ignore[union-attr]
    answers = await guarded.resolve("mixed.test", 443)
    assert [a["host"] for a in answers] == ["93.184.216.34"]
    await guard.close()


@pytest.mark.parametrize(
    "address",
    [
        "127.0.0.1",
        "10.1.2.3",
        "172.16.0.1",
        "192.168.1.1",
        "169.254.169.254",  # cloud metadata
        "100.64.0.1",  # carrier-grade NAT
        "0.0.0.0",  # noqa: S104 - an address to refuse, not one to bind
        "224.0.0.1",
        "240.0.0.1",
        "::1",
        "fe80::1",
        "fc00::1",
        "::ffff:127.0.0.1",
        "64:ff9b::a00:1",  # NAT64 of 10.0.0.1
        "2002:7f00:1::",  # 6to4 of 127.0.0.1
    ],
)
def test_internal_addresses_are_not_public(address: str) -> None:
    assert not is_public_address(ipaddress.ip_address(address))


@pytest.mark.parametrize("address", ["93.184.216.34", "2606:4700::6810:85e5", "8.8.8.8"])
def test_public_addresses_are(address: str) -> None:
    assert is_public_address(ipaddress.ip_address(address))


async def test_a_refusal_tells_the_operator_why_without_the_url() -> None:
    product = SafeFetcher()
    try:
        with capture_logs() as logs:
            assert await product.fetch_image("https://localhost:9/admin?token=abc") is None
    finally:
        await product.close()
    assert logs == [{"event": "poster_download_refused", "reason": "address", "log_level": "info"}]
