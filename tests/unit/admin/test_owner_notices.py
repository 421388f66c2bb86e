"""The force-subscribe note to owners, rendered outside an update in each owner's language."""

from __future__ import annotations

import pytest

from app.admin.forcesub import NOT_ADMIN, ForceSubscribe
from app.i18n.languages import LOCALES
from domain.i18n import speaking
from domain.text import FSI, PDI
from infra.cache.memory import MemoryCache
from infra.i18n.catalogs import Catalogs


@pytest.fixture(scope="module")
def catalogs() -> Catalogs:
    return Catalogs(LOCALES)


def skipped(reason: str) -> ForceSubscribe:
    forcesub = ForceSubscribe("@dramanews", None, MemoryCache())
    forcesub.problem = reason
    return forcesub


def test_the_bot_not_being_an_admin_is_said_in_each_language(catalogs: Catalogs) -> None:
    forcesub = skipped(NOT_ADMIN)
    assert "(the bot is not an admin)" in forcesub.notice()
    with speaking(catalogs.speech("id")):
        assert "(bot bukan admin)" in forcesub.notice()
    with speaking(catalogs.speech("ar")):
        assert f"{FSI}@dramanews{PDI} (البوت ليس مشرفًا)" in forcesub.notice()
    with speaking(catalogs.speech("es")):
        assert "(el bot no es administrador)" in forcesub.notice()
    with speaking(catalogs.speech("pt_BR")):
        assert forcesub.notice().startswith("⚠️ A inscrição obrigatória não está valendo")


def test_telegrams_error_names_stay_as_telegram_gives_them(catalogs: Catalogs) -> None:
    with speaking(catalogs.speech("es")):
        assert "(ChatAdminRequired)" in skipped("ChatAdminRequired").notice()
