"""Sending and editing cards within Telegram's limits, with poster fallbacks."""

from __future__ import annotations

import functools
import io

import structlog
from pyrogram import Client, enums, errors, types

from app.telegram.html import for_kurigram
from app.telegram.outgoing import Sent, send_photo_url, send_text, takes_url
from app.telegram.replies import NO_PREVIEW
from app.telegram.sessions import bind_buttons
from domain.text import CAPTION_LIMIT, TEXT_LIMIT, fit_html, visible_len
from infra.safe_fetch import SafeFetcher

log = structlog.get_logger("app.cards")

# Telegram refuses to fetch some poster URLs; these are the errors that say so.
POSTER_REFUSED = (errors.WebpageMediaEmpty, errors.WebpageCurlFailed, errors.MediaEmpty)


async def download_poster(http: SafeFetcher | None, url: str) -> bytes | None:
    """The image at ``url``, or None when it may not or cannot be had (we fall back to text).

    The URL is an upstream's: ``SafeFetcher`` only fetches public https images.
    """
    return await http.fetch_image(url) if http is not None else None


# Cached answers send the same cards again and again: each is cut to fit once.
@functools.lru_cache(maxsize=512)
def caption_markup(html: str) -> str:
    """A card as a photo caption, cut to fit, as handed to Kurigram."""
    return for_kurigram(fit_html(html, CAPTION_LIMIT))


@functools.lru_cache(maxsize=512)
def text_markup(html: str) -> str:
    """A card as a text message (or an inline result's message), cut to fit, for Kurigram."""
    return for_kurigram(fit_html(html, TEXT_LIMIT))


def poster_preview(poster: str) -> types.LinkPreviewOptions:
    if not poster:
        return NO_PREVIEW
    return types.LinkPreviewOptions(url=poster, prefer_large_media=True, show_above_text=True)


async def send_card(
    client: Client,
    chat_id: int,
    html: str,
    poster: str,
    markup: types.InlineKeyboardMarkup | None,
    http: SafeFetcher | None,
    reply_to: int | None = None,
    backup_poster: str = "",
) -> Sent | None:
    """``_send_card``, and the card's buttons bound to the message that carries them.

    ``backup_poster`` (TMDB's) is tried when ``poster`` is refused and cannot be uploaded.
    """
    sent = await _send_card(client, chat_id, html, poster, markup, http, reply_to, backup_poster)
    if sent is not None:
        await bind_buttons(markup, chat_id, sent.id)
    return sent


async def _send_card(
    client: Client,
    chat_id: int,
    html: str,
    poster: str,
    markup: types.InlineKeyboardMarkup | None,
    http: SafeFetcher | None,
    reply_to: int | None = None,
    backup_poster: str = "",
) -> Sent | None:
    """A photo with the card as caption when it fits; otherwise text with the poster as preview.

    When Telegram refuses the poster URL, the image is downloaded and uploaded;
    when that fails too, the card goes out as text.
    """
    reply = types.ReplyParameters(message_id=reply_to) if reply_to else None
    if not takes_url(poster):
        poster = ""  # never a local path or a file id: posters are an upstream's URLs
    if poster and visible_len(html) <= CAPTION_LIMIT:
        caption = caption_markup(html)
        try:
            return await send_photo_url(client, chat_id, poster, caption, markup, reply_to)
        except POSTER_REFUSED as exc:
            log.info("poster_url_refused", error=type(exc).__name__)
        data = await download_poster(http, poster)
        if data is not None:
            upload = io.BytesIO(data)
            upload.name = "poster.jpg"
            try:
                uploaded = await client.send_photo(
                    chat_id,
                    upload,
                    caption=caption,
                    parse_mode=enums.ParseMode.HTML,
                    reply_markup=markup,
                    reply_parameters=reply,
                )
                return Sent(chat_id, uploaded.id) if uploaded is not None else None
            except (errors.BadRequest, errors.Forbidden) as exc:
                log.info("poster_upload_refused", error=type(exc).__name__)
        if takes_url(backup_poster) and backup_poster != poster:
            try:
                return await send_photo_url(
                    client, chat_id, backup_poster, caption, markup, reply_to
                )
            except POSTER_REFUSED as exc:
                log.info("backup_poster_refused", error=type(exc).__name__)
        poster = ""
    if not poster:
        return await send_text(client, chat_id, text_markup(html), markup, reply_to)
    kept = await client.send_message(
        chat_id,
        text_markup(html),
        parse_mode=enums.ParseMode.HTML,
        link_preview_options=poster_preview(poster),
        reply_markup=markup,
        reply_parameters=reply,
    )
    return Sent(chat_id, kept.id) if kept is not None else None


async def edit_view(
    message: types.Message,
    html: str,
    markup: types.InlineKeyboardMarkup | None,
    preview: types.LinkPreviewOptions | None = None,
) -> None:
    """Replace what ``message`` shows, as caption or text depending on what it is."""
    client = message._client
    assert client is not None and message.chat is not None and message.chat.id is not None
    try:
        if message.photo is not None:
            await client.edit_message_caption(
                message.chat.id,
                message.id,
                caption_markup(html),
                parse_mode=enums.ParseMode.HTML,
                reply_markup=markup,
            )
        else:
            await client.edit_message_text(
                message.chat.id,
                message.id,
                text_markup(html),
                parse_mode=enums.ParseMode.HTML,
                link_preview_options=preview or NO_PREVIEW,
                reply_markup=markup,
            )
    except errors.MessageNotModified:
        # Pressing the button of the page already shown: nothing to change.
        pass
    await bind_buttons(markup, message.chat.id, message.id)
