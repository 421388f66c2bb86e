"""A Telegram test client at the MTProto layer.

The real Pyrogram ``Client`` and dispatcher run; only ``invoke`` is replaced.
Incoming updates are raw TL objects round-tripped through the TL codec, so they
carry what a network update carries. Every raw function the bot invokes is
recorded and answered the way Telegram would answer it, and any of them can be
made to raise a real ``pyrogram.errors`` error on demand.
"""

from __future__ import annotations

import asyncio
import html
import itertools
import logging
import re
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from io import BytesIO
from typing import Any

from pyrogram import Client, enums, errors, raw, types
from pyrogram.raw.core import TLObject

BOT_ID = 5_000_000_001
BOT_USERNAME = "dramatest_bot"


def roundtrip(obj: TLObject) -> Any:
    """Serialise and parse back, so unset fields get the defaults the network gives."""
    return TLObject.read(BytesIO(obj.write()))


class TrackingQueue(asyncio.Queue):  # type: ignore[type-arg]
    """The dispatcher's queue, able to tell when every update has been handled.

    A worker that comes back for the next item has finished the previous one,
    so ``join()`` returns exactly when all queued updates ran to completion.
    """

    def __init__(self) -> None:
        super().__init__()
        self._holding: set[asyncio.Task[Any]] = set()

    async def get(self) -> Any:
        task = asyncio.current_task()
        assert task is not None
        if task in self._holding:
            self._holding.discard(task)
            self.task_done()
        item = await super().get()
        if item is None:
            self.task_done()
        else:
            self._holding.add(task)
        return item


@dataclass
class Button:
    text: str
    data: str | None = None
    url: str | None = None
    switch_query: str | None = None


@dataclass
class Sent:
    """One message as the bot last left it (sent, then possibly edited)."""

    id: int
    chat_id: int
    text: str
    html: str
    buttons: list[list[Button]]
    photo: str | None = None
    photo_uploaded: bool = False
    preview: str | None = None  # the URL of a link preview forced above or below the text
    reply_to: int | None = None
    edits: int = 0
    raw_message: Any = None
    document: str | None = None  # the file name of a document sent

    @property
    def flat_buttons(self) -> list[Button]:
        return [b for row in self.buttons for b in row]

    def button(self, text_part: str) -> Button:
        for candidate in self.flat_buttons:
            if text_part in candidate.text:
                return candidate
        names = [b.text for b in self.flat_buttons]
        raise AssertionError(f"no button containing {text_part!r}; buttons: {names}")


@dataclass
class InlineResult:
    """One result of an inline answer, and the message choosing it would send."""

    id: str
    title: str
    description: str
    thumb: str | None
    text: str
    html: str
    preview: str | None
    buttons: list[list[Button]]


@dataclass
class InlineAnswer:
    query_id: int
    results: list[InlineResult]
    next_offset: str
    cache_time: int
    is_personal: bool
    switch_pm: Any


async def _inline_result(r: Any) -> InlineResult:
    sent = r.send_message
    return InlineResult(
        id=r.id,
        title=r.title or "",
        description=r.description or "",
        thumb=getattr(r.thumb, "url", None),
        text=sent.message,
        html=await to_html(sent.message, sent.entities),
        preview=getattr(sent, "url", None),
        buttons=_buttons(sent.reply_markup),
    )


@dataclass
class CallbackAnswer:
    query_id: int
    text: str
    alert: bool


@dataclass
class Fault:
    match: Callable[[Any], bool]
    error: BaseException
    times: int


def roundtrip_message(**fields: Any) -> Any:
    """A raw message with the defaults a network message has (empty vectors, not None)."""
    return roundtrip(raw.types.Message(**fields))


def make_user(
    user_id: int, first_name: str = "Ann", username: str | None = None, lang: str = "en"
) -> raw.types.User:
    return raw.types.User(
        id=user_id,
        access_hash=user_id * 7,
        first_name=first_name,
        username=username,
        lang_code=lang,
    )


def make_group(chat_id: int, title: str = "Drama club") -> raw.types.Chat:
    return raw.types.Chat(
        id=chat_id,
        title=title,
        photo=raw.types.ChatPhotoEmpty(),
        participants_count=5,
        date=int(time.time()),
        version=1,
    )


# Pyrogram's ids for channels and supergroups: -100… followed by the raw channel id.
CHANNEL_ID_BASE = -1_000_000_000_000


def _peer_chat_id(peer: Any) -> int:
    if isinstance(peer, raw.types.InputPeerUser | raw.types.PeerUser):
        return int(peer.user_id)
    if isinstance(peer, raw.types.InputPeerChat | raw.types.PeerChat):
        return -int(peer.chat_id)
    if isinstance(peer, raw.types.InputPeerChannel | raw.types.PeerChannel):
        return CHANNEL_ID_BASE - int(peer.channel_id)
    if isinstance(peer, raw.types.InputPeerSelf):
        return BOT_ID
    raise AssertionError(f"unexpected peer {peer!r}")


def _raw_peer(chat_id: int) -> Any:
    if chat_id < CHANNEL_ID_BASE:
        return raw.types.PeerChannel(channel_id=CHANNEL_ID_BASE - chat_id)
    return (
        raw.types.PeerUser(user_id=chat_id) if chat_id > 0 else raw.types.PeerChat(chat_id=-chat_id)
    )


def _raw_chat_id(chat_id: int) -> int:
    """The raw id a chat is stored under, from the id Pyrogram and the bot use."""
    return CHANNEL_ID_BASE - chat_id if chat_id < CHANNEL_ID_BASE else -chat_id


# -- senders of every kind --------------------------------------------------


def make_supergroup(channel_id: int, title: str = "Drama lounge") -> raw.types.Channel:
    # Round-tripped: Pyrogram's chat parser needs the network's empty vectors.
    return roundtrip(
        raw.types.Channel(
            id=channel_id,
            title=title,
            photo=raw.types.ChatPhotoEmpty(),
            date=int(time.time()),
            access_hash=channel_id * 5,
            megagroup=True,
        )
    )


def make_broadcast_channel(channel_id: int, title: str = "Drama news") -> raw.types.Channel:
    # Round-tripped: Pyrogram's chat parser needs the network's empty vectors.
    return roundtrip(
        raw.types.Channel(
            id=channel_id,
            title=title,
            photo=raw.types.ChatPhotoEmpty(),
            date=int(time.time()),
            access_hash=channel_id * 5,
            broadcast=True,
        )
    )


def chat_id_of(chat: raw.types.Chat | raw.types.Channel) -> int:
    """The id the bot sees for a raw chat (a group: -id; a channel or supergroup: -100…id)."""
    if isinstance(chat, raw.types.Channel):
        return CHANNEL_ID_BASE - int(chat.id)
    return -int(chat.id)


@dataclass(frozen=True)
class Origin:
    """Who writes a message, and where: every kind of sender Telegram delivers.

    ``user`` is None for messages without a user (anonymous admins, channel
    posts, messages sent as a channel); ``sender_chat`` then names the chat
    that Telegram shows as the sender.
    """

    chat: raw.types.Chat | raw.types.Channel | None  # None: the private chat with ``user``
    user: raw.types.User | None = None
    sender_chat: raw.types.Chat | raw.types.Channel | None = None
    post: bool = False  # a post in a broadcast channel
    kind: str = "user"

    @property
    def chat_id(self) -> int:
        if self.chat is None:
            assert self.user is not None
            return int(self.user.id)
        return chat_id_of(self.chat)

    def from_peer(self) -> Any:
        if self.user is not None:
            return raw.types.PeerUser(user_id=self.user.id) if self.chat is not None else None
        if self.sender_chat is not None and not self.post:
            return _raw_peer(chat_id_of(self.sender_chat))
        return None


def private_sender(user: raw.types.User) -> Origin:
    return Origin(None, user, kind="private")


def member_of(chat: raw.types.Chat | raw.types.Channel, user: raw.types.User) -> Origin:
    return Origin(chat, user, kind="member")


def anonymous_admin(group: raw.types.Channel) -> Origin:
    """An admin with "Remain anonymous": Telegram shows the supergroup itself as sender."""
    return Origin(group, None, sender_chat=group, kind="anonymous_admin")


def channel_post(channel: raw.types.Channel) -> Origin:
    """A post in a broadcast channel the bot administers: no user, the channel as sender."""
    return Origin(channel, None, sender_chat=channel, post=True, kind="channel_post")


def as_channel(group: raw.types.Channel, channel: raw.types.Channel) -> Origin:
    """A message in a supergroup sent as a channel (the user's own channel identity)."""
    return Origin(group, None, sender_chat=channel, kind="as_channel")


def _photo_media(photo_id: int) -> Any:
    size = raw.types.PhotoSize(type="x", w=600, h=900, size=50_000)
    photo = raw.types.Photo(
        id=photo_id, access_hash=1, file_reference=b"", date=int(time.time()), sizes=[size], dc_id=2
    )
    return raw.types.MessageMediaPhoto(photo=photo)


def _button(b: Any) -> Button:
    kind = getattr(b, "type", None)
    if isinstance(kind, raw.types.InlineButtonTypeCallback):
        return Button(b.text, data=kind.data.decode("utf-8", "replace"))
    if isinstance(kind, raw.types.InlineButtonTypeUrl):
        return Button(b.text, url=kind.url)
    if isinstance(kind, raw.types.InlineButtonTypeSwitchInline):
        return Button(b.text, switch_query=kind.query)
    return Button(getattr(b, "text", "?"))


def _buttons(markup: Any) -> list[list[Button]]:
    if not isinstance(markup, raw.types.ReplyInlineMarkup):
        return []
    return [[_button(b) for b in row.buttons] for row in markup.rows]


_SIMPLE_TAGS = {
    raw.types.MessageEntityBold: "b",
    raw.types.MessageEntityItalic: "i",
    raw.types.MessageEntityUnderline: "u",
    raw.types.MessageEntityStrike: "s",
    raw.types.MessageEntitySpoiler: "tg-spoiler",
    raw.types.MessageEntityCode: "code",
}


def _tags(entity: Any) -> tuple[str, str] | None:
    """The opening and closing tag Telegram's HTML uses for a raw entity."""
    name = _SIMPLE_TAGS.get(type(entity))
    if name:
        return f"<{name}>", f"</{name}>"
    if isinstance(entity, raw.types.MessageEntityTextUrl):
        return f'<a href="{html.escape(entity.url)}">', "</a>"
    if isinstance(entity, raw.types.MessageEntityPre):
        lang = f' language="{html.escape(entity.language)}"' if entity.language else ""
        return f"<pre{lang}>", "</pre>"
    if isinstance(entity, raw.types.MessageEntityBlockquote):
        return ("<blockquote expandable>" if entity.collapsed else "<blockquote>"), "</blockquote>"
    return None


async def to_html(text: str, entities: list[Any] | None) -> str:
    """The message as HTML: formatting entities as tags, every piece of text escaped."""
    units = text.encode("utf-16-le")
    opens: dict[int, list[str]] = {}
    closes: dict[int, list[str]] = {}
    for entity in sorted(entities or [], key=lambda e: (e.offset, -e.length)):
        tags = _tags(entity)
        if tags is None:
            continue
        opens.setdefault(entity.offset, []).append(tags[0])
        closes.setdefault(entity.offset + entity.length, []).insert(0, tags[1])
    out: list[str] = []
    boundaries = sorted({0, len(units) // 2, *opens, *closes})
    for here, after in zip(boundaries, [*boundaries[1:], None], strict=True):
        out += closes.get(here, [])
        out += opens.get(here, [])
        if after is not None:
            out.append(html.escape(units[here * 2 : after * 2].decode("utf-16-le"), quote=False))
    return "".join(out)


_INLINE_TEXTS = (raw.types.InputBotInlineMessageText, raw.types.InputBotInlineMessageMediaWebPage)
_WEB_URL = re.compile(r"^https?://[^\s/?#@\\]+(?:[/?#]\S*)?$", re.IGNORECASE)


def _inline_url_refusal(result: Any) -> BaseException | None:
    """Telegram refuses a result whose thumbnail, preview or button link is no web address."""
    thumb = getattr(getattr(result, "thumb", None), "url", None)
    if thumb is not None and not _WEB_URL.match(thumb):
        return errors.WebdocumentUrlInvalid()
    sent = getattr(result, "send_message", None)
    preview = getattr(sent, "url", None)
    if isinstance(sent, raw.types.InputBotInlineMessageMediaWebPage) and not _WEB_URL.match(
        preview or ""
    ):
        return errors.WebpageUrlInvalid()
    for row in _buttons(getattr(sent, "reply_markup", None)):
        for button in row:
            if button.url is not None and not re.match(r"^(https?|tg)://\S+$", button.url):
                return errors.ButtonUrlInvalid()
    return None


def inline_result_refusal(result: Any) -> BaseException | None:
    """The error Telegram answers an inline result with, or None when it takes it.

    The message a result sends must be non-empty text (a caption may be empty),
    within 4096 (caption: 1024) UTF-16 units, with every entity inside the text,
    and the whole result must encode as TL (a 64-bit id that is not, fails).
    """
    sent = getattr(result, "send_message", None)
    try:
        result.write()
    except Exception as exc:  # what Kurigram would raise before sending
        return exc
    url_error = _inline_url_refusal(result)
    if url_error is not None:
        return url_error
    if not isinstance(sent, (*_INLINE_TEXTS, raw.types.InputBotInlineMessageMediaAuto)):
        return None
    text = sent.message or ""
    units = len(text.encode("utf-16-le")) // 2
    caption = isinstance(sent, raw.types.InputBotInlineMessageMediaAuto)
    if caption and units > 1024:
        return errors.MediaCaptionTooLong()
    if not caption and units > 4096:
        return errors.MessageTooLong()
    if not caption and not text.strip():
        return errors.MessageEmpty()
    for entity in sent.entities or []:
        if entity.offset < 0 or entity.length <= 0 or entity.offset + entity.length > units:
            return errors.EntityBoundsInvalid()
    return None


class TelegramHarness:
    def __init__(self, client: Client) -> None:
        self.client = client
        self.calls: list[Any] = []
        self.sent: dict[tuple[int, int], Sent] = {}
        self.order: list[Sent] = []
        self.callback_answers: list[CallbackAnswer] = []
        self.inline_answers: list[InlineAnswer] = []
        self.faults: list[Fault] = []
        self.harness_errors: list[BaseException] = []
        # Errors Telegram would have raised for what the bot sent (limits, empty texts).
        self.refused: list[BaseException] = []
        self.allow_refusals = False
        self.users: dict[int, raw.types.User] = {}
        # Every message in every chat, incoming and outgoing, by id (ids are unique here).
        self.raw_messages: dict[int, Any] = {}
        self.chats: dict[int, raw.types.Chat] = {}
        # Uploaded file parts by file id, and each sent document's bytes by message id.
        self.uploads: dict[int, bytearray] = {}
        self.documents: dict[int, bytes] = {}
        # Channels by @username; who joined them; whether the bot may read their members.
        self.channels: dict[str, raw.types.Channel] = {}
        self.channel_members: set[int] = set()
        self.bot_is_channel_admin = True
        self._ids = itertools.count(1000)
        self._query_ids = itertools.count(1)
        self._pts = itertools.count(1)
        self.bot_user = raw.types.User(
            id=BOT_ID,
            is_self=True,
            bot=True,
            bot_info_version=1,
            access_hash=1,
            first_name="Drama Bot",
            username=BOT_USERNAME,
            bot_inline_placeholder="Search…",
        )
        self.queue = TrackingQueue()
        self.dispatcher_errors = _DispatcherErrors()

    # -- lifecycle -------------------------------------------------------
    async def start(self) -> None:
        client = self.client
        await client.storage.open()
        await client.storage.user_id(BOT_ID)
        await client.storage.is_bot(True)
        client.is_connected = True
        client.me = await types.User._parse(client, roundtrip(self.bot_user))
        client.invoke = self._invoke  # type: ignore[method-assign]
        client.get_session = self._media_session  # type: ignore[method-assign]
        client.dispatcher.updates_queue = self.queue
        await client.fetch_peers([self.bot_user])
        self.dispatcher_errors.attach()
        await client.dispatcher.start()

    async def _media_session(self, *args: Any, **kwargs: Any) -> Any:
        """Uploads go through a separate media session; it answers from this test client too."""
        harness = self

        class MediaSession:
            async def invoke(self, query: Any, *a: Any, **kw: Any) -> Any:
                return await harness._invoke(query)

        return MediaSession()

    async def stop(self) -> None:
        await self.client.dispatcher.stop()
        self.client.is_connected = False
        await self.client.storage.close()
        self.dispatcher_errors.detach()
        assert not self.harness_errors, f"the test client failed: {self.harness_errors!r}"
        self.dispatcher_errors.check()
        assert self.allow_refusals or not self.refused, f"Telegram would refuse: {self.refused!r}"

    async def settle(self) -> None:
        """Wait until every queued update has been handled to completion."""
        await asyncio.wait_for(self.queue.join(), timeout=30)

    # -- faults ----------------------------------------------------------
    def fail_next(
        self, function: type | Callable[[Any], bool], error: BaseException, times: int = 1
    ) -> None:
        """Raise ``error`` on the next ``times`` invocations matching ``function``."""
        match = (lambda q: isinstance(q, function)) if isinstance(function, type) else function
        self.faults.append(Fault(match, error, times))

    # -- incoming updates ------------------------------------------------
    async def send_as(
        self, origin: Origin, text: str, reply_to: int | None = None, settle: bool = True
    ) -> int:
        """A message from any kind of sender (see ``Origin``), in its chat."""
        peers: list[Any] = [p for p in (origin.user, origin.chat, origin.sender_chat) if p]
        fresh = [p for p in peers if p.id not in self._known_ids()]
        for peer in peers:
            if isinstance(peer, raw.types.User):
                self.users[peer.id] = peer
            else:
                self.chats[peer.id] = peer
        if fresh:
            await self.client.fetch_peers(fresh)
        entities = []
        if text.startswith("/"):
            entities = [raw.types.MessageEntityBotCommand(offset=0, length=len(text.split()[0]))]
        msg_id = next(self._ids)
        message = raw.types.Message(
            id=msg_id,
            peer_id=_raw_peer(origin.chat_id),
            from_id=origin.from_peer(),
            post=origin.post,
            date=int(time.time()),
            message=text,
            entities=entities or None,
            reply_to=raw.types.MessageReplyHeader(reply_to_msg_id=reply_to) if reply_to else None,
        )
        self.raw_messages[msg_id] = message
        in_channel = isinstance(origin.chat, raw.types.Channel)
        update_type = (
            raw.types.UpdateNewChannelMessage if in_channel else raw.types.UpdateNewMessage
        )
        self._push(update_type(message=message, pts=next(self._pts), pts_count=1))
        if settle:
            await self.settle()
        return msg_id

    async def _know(self, user: raw.types.User, chat: raw.types.Chat | None) -> None:
        fresh = [p for p in (user, chat) if p is not None and p.id not in self._known_ids()]
        self.users[user.id] = user
        if chat is not None:
            self.chats[chat.id] = chat
        if fresh:
            await self.client.fetch_peers(fresh)

    def _known_ids(self) -> set[int]:
        return set(self.users) | set(self.chats)

    def _push(self, update: Any) -> None:
        users = dict(self.users) | {BOT_ID: self.bot_user}
        self.queue.put_nowait((roundtrip(update), users, dict(self.chats)))

    async def send_text(
        self,
        user: raw.types.User,
        text: str,
        group: raw.types.Chat | None = None,
        reply_to: int | None = None,
        entities: list[Any] | None = None,
        settle: bool = True,
    ) -> int:
        """The user writes ``text`` to the bot (in private, or in ``group``)."""
        await self._know(user, group)
        chat_id = -group.id if group else user.id
        ents = list(entities or [])
        if text.startswith("/"):
            ents.insert(0, raw.types.MessageEntityBotCommand(offset=0, length=len(text.split()[0])))
        msg_id = next(self._ids)
        message = raw.types.Message(
            id=msg_id,
            peer_id=_raw_peer(chat_id),
            from_id=raw.types.PeerUser(user_id=user.id) if group else None,
            date=int(time.time()),
            message=text,
            entities=ents or None,
            reply_to=raw.types.MessageReplyHeader(reply_to_msg_id=reply_to) if reply_to else None,
        )
        self.raw_messages[msg_id] = message
        self._push(raw.types.UpdateNewMessage(message=message, pts=next(self._pts), pts_count=1))
        if settle:
            await self.settle()
        return msg_id

    async def press(
        self,
        user: raw.types.User,
        message: Sent,
        data: str | bytes | None = None,
        button: str | None = None,
        settle: bool = True,
    ) -> int:
        """The user presses a callback button (by its text) or sends raw ``data``."""
        if button is not None:
            found = message.button(button).data
            assert found is not None, f"button {button!r} has no callback data"
            data = found
        payload = data.encode() if isinstance(data, str) else data
        group = self.chats.get(_raw_chat_id(message.chat_id)) if message.chat_id < 0 else None
        await self._know(user, group)
        query_id = next(self._query_ids)
        self._push(
            raw.types.UpdateBotCallbackQuery(
                query_id=query_id,
                user_id=user.id,
                peer=_raw_peer(message.chat_id),
                msg_id=message.id,
                chat_instance=42,
                data=payload,
            )
        )
        if settle:
            await self.settle()
        return query_id

    async def inline(
        self, user: raw.types.User, query: str, offset: str = "", settle: bool = True
    ) -> int:
        await self._know(user, None)
        query_id = next(self._query_ids)
        self._push(
            raw.types.UpdateBotInlineQuery(
                query_id=query_id,
                user_id=user.id,
                query=query,
                offset=offset,
                peer_type=raw.types.InlineQueryPeerTypePM(),
            )
        )
        if settle:
            await self.settle()
        return query_id

    # -- reading what the bot did ---------------------------------------
    def messages_to(self, chat_id: int) -> list[Sent]:
        return [s for s in self.order if s.chat_id == chat_id]

    def last_to(self, chat_id: int) -> Sent:
        sent = self.messages_to(chat_id)
        assert sent, f"the bot sent nothing to {chat_id}; calls: {self.call_names()}"
        return sent[-1]

    def call_names(self) -> list[str]:
        return [type(c).__name__ for c in self.calls]

    def calls_of(self, function: type) -> list[Any]:
        return [c for c in self.calls if isinstance(c, function)]

    def answer_for(self, query_id: int) -> CallbackAnswer:
        for answer in self.callback_answers:
            if answer.query_id == query_id:
                return answer
        raise AssertionError(f"callback {query_id} was not answered; calls: {self.call_names()}")

    def inline_answer_for(self, query_id: int) -> InlineAnswer:
        for answer in self.inline_answers:
            if answer.query_id == query_id:
                return answer
        raise AssertionError(f"inline {query_id} was not answered; calls: {self.call_names()}")

    def clear(self) -> None:
        self.calls.clear()
        self.order.clear()
        self.callback_answers.clear()
        self.inline_answers.clear()

    # -- the fake server -------------------------------------------------
    def _fault_for(self, query: Any) -> BaseException | None:
        for fault in self.faults:
            if fault.times > 0 and fault.match(query):
                fault.times -= 1
                return fault.error
        return None

    async def _invoke(self, query: Any, *args: Any, **kwargs: Any) -> Any:
        self.calls.append(query)
        error = self._fault_for(query)
        if error is not None:
            raise error
        handler = getattr(self, f"_on_{type(query).__name__}", None)
        try:
            if handler is None:
                raise NotImplementedError(f"the test client does not answer {type(query).__name__}")
            return await handler(query)
        except errors.RPCError:
            raise
        except Exception as exc:
            # A defect of the test client itself must fail the test, not pass as a bot error.
            self.harness_errors.append(exc)
            raise

    def _users_list(self) -> list[Any]:
        return [self.bot_user, *self.users.values()]

    def _updates(self, update: Any) -> Any:
        return roundtrip(
            raw.types.Updates(
                updates=[update],
                users=self._users_list(),
                chats=list(self.chats.values()),
                date=int(time.time()),
                seq=0,
            )
        )

    def _outgoing(self, **fields: Any) -> Any:
        """A message the bot sent, as stored (with network defaults, for faithful re-reads)."""
        return roundtrip_message(**fields)

    async def _render(self, text: str, entities: Any) -> str:
        return await to_html(text, entities)

    async def _record(
        self, chat_id: int, text: str, entities: Any, markup: Any, reply_to: Any, **extra: Any
    ) -> tuple[Sent, Any]:
        msg_id = next(self._ids)
        message = self._outgoing(
            id=msg_id,
            peer_id=_raw_peer(chat_id),
            date=int(time.time()),
            message=text,
            out=True,
            entities=entities or None,
            reply_markup=markup,
            from_id=raw.types.PeerUser(user_id=BOT_ID),
            media=_photo_media(msg_id) if extra.get("photo") else None,
        )
        self.raw_messages[msg_id] = message
        reply_id = getattr(reply_to, "reply_to_msg_id", None)
        sent = Sent(
            msg_id,
            chat_id,
            text,
            await self._render(text, entities),
            _buttons(markup),
            reply_to=reply_id,
            raw_message=message,
            **extra,
        )
        self.sent[(chat_id, msg_id)] = sent
        self.order.append(sent)
        return sent, message

    def _enforce_limits(self, text: str, caption: bool) -> None:
        """Refuse what Telegram refuses: empty texts, and texts or captions over the limit."""
        units = len(text.encode("utf-16-le")) // 2
        error: BaseException | None = None
        if caption and units > 1024:
            error = errors.MediaCaptionTooLong()
        elif not caption and units > 4096:
            error = errors.MessageTooLong()
        elif not caption and not text.strip():
            error = errors.MessageEmpty()
        if error is not None:
            self.refused.append(error)
            raise error

    async def _on_SendMessage(self, q: Any) -> Any:
        self._enforce_limits(q.message, caption=False)
        sent, message = await self._record(
            _peer_chat_id(q.peer), q.message, q.entities, q.reply_markup, q.reply_to
        )
        if isinstance(q.peer, raw.types.InputPeerChannel):
            # Telegram answers a send into a channel or supergroup with the full message.
            return self._updates(
                raw.types.UpdateNewChannelMessage(message=message, pts=next(self._pts), pts_count=1)
            )
        return raw.types.UpdateShortSentMessage(
            id=sent.id,
            pts=next(self._pts),
            pts_count=1,
            date=int(time.time()),
            out=True,
            entities=q.entities,
        )

    async def _on_SendMedia(self, q: Any) -> Any:
        media = q.media
        self._enforce_limits(q.message, caption=not isinstance(media, raw.types.InputMediaWebPage))
        extra: dict[str, Any] = {}
        if isinstance(media, raw.types.InputMediaWebPage):
            extra["preview"] = media.url
        elif isinstance(media, raw.types.InputMediaUploadedPhoto):
            extra.update(photo="uploaded", photo_uploaded=True)
        elif isinstance(media, raw.types.InputMediaPhotoExternal):
            extra["photo"] = media.url
        elif isinstance(media, raw.types.InputMediaUploadedDocument):
            names = [a.file_name for a in media.attributes if hasattr(a, "file_name")]
            extra["document"] = names[0] if names else "document"
        else:
            raise NotImplementedError(f"the test client does not send {type(media).__name__}")
        sent, message = await self._record(
            _peer_chat_id(q.peer), q.message, q.entities, q.reply_markup, q.reply_to, **extra
        )
        if sent.document is not None:
            self.documents[sent.id] = bytes(self.uploads.get(media.file.id, b""))
        return self._updates(
            raw.types.UpdateNewMessage(message=message, pts=next(self._pts), pts_count=1)
        )

    async def _on_EditMessage(self, q: Any) -> Any:
        chat_id = _peer_chat_id(q.peer)
        sent = self.sent.get((chat_id, q.id))
        assert sent is not None, f"edit of unknown message {q.id} in {chat_id}"
        if q.message is not None:
            self._enforce_limits(q.message, caption=sent.photo is not None)
            unchanged = q.message == sent.text and _buttons(q.reply_markup) == sent.buttons
            if unchanged and q.media is None:
                raise errors.MessageNotModified()
        if q.message is not None:
            sent.text = q.message
            sent.html = await to_html(q.message, q.entities)
        if q.reply_markup is not None or q.message is not None:
            sent.buttons = _buttons(q.reply_markup)
        if isinstance(q.media, raw.types.InputMediaWebPage):
            sent.preview = q.media.url
        elif q.media is not None:
            sent.photo = getattr(q.media, "url", None) or "uploaded"
        sent.edits += 1
        message = roundtrip_message(
            id=sent.id,
            peer_id=_raw_peer(chat_id),
            date=int(time.time()),
            message=sent.text,
            out=True,
            entities=q.entities or None,
            reply_markup=q.reply_markup,
            edit_date=int(time.time()),
            from_id=raw.types.PeerUser(user_id=BOT_ID),
            media=sent.raw_message.media,
        )
        sent.raw_message = message
        self.raw_messages[sent.id] = message
        return self._updates(
            raw.types.UpdateEditMessage(message=message, pts=next(self._pts), pts_count=1)
        )

    async def _on_GetMessages(self, q: Any) -> Any:
        found = [self.raw_messages[w.id] for w in q.id if w.id in self.raw_messages]
        return raw.types.messages.Messages(
            messages=found, chats=list(self.chats.values()), users=self._users_list(), topics=[]
        )

    async def _on_SetBotCallbackAnswer(self, q: Any) -> bool:
        if any(a.query_id == q.query_id for a in self.callback_answers):
            error = errors.QueryIdInvalid()  # Telegram takes one answer per button press
            self.refused.append(error)
            raise error
        self.callback_answers.append(CallbackAnswer(q.query_id, q.message or "", bool(q.alert)))
        return True

    def _check_inline_results(self, q: Any) -> None:
        """Refuse an answer holding a result Telegram would refuse, as for sent messages."""
        for result in q.results:
            error = inline_result_refusal(result)
            if error is not None:
                self.refused.append(error)
                raise error

    async def _on_SetInlineBotResults(self, q: Any) -> bool:
        self._check_inline_results(q)
        assert len(q.results) <= 50, "Telegram takes at most 50 results"
        assert len({r.id for r in q.results}) == len(q.results), "result ids must be unique"
        assert len((q.next_offset or "").encode()) <= 64, "next_offset is at most 64 bytes"
        self.inline_answers.append(
            InlineAnswer(
                q.query_id,
                [await _inline_result(r) for r in q.results],
                q.next_offset or "",
                q.cache_time,
                bool(q.private),
                q.switch_pm,
            )
        )
        return True

    async def _on_GetUsers(self, q: Any) -> list[Any]:
        """Telegram leaves out users it cannot resolve for this bot."""
        known = {u.id: u for u in self._users_list()}
        return [known[i.user_id] for i in q.id if getattr(i, "user_id", None) in known]

    async def _on_SetBotCommands(self, q: Any) -> bool:
        return True

    async def _on_ResetBotCommands(self, q: Any) -> bool:
        return True

    async def _on_SaveFilePart(self, q: Any) -> bool:
        self.uploads.setdefault(q.file_id, bytearray()).extend(q.bytes)
        return True

    async def _on_ForwardMessages(self, q: Any) -> Any:
        """Forwards and copies (``drop_author``): the same text and entities in the target."""
        updates = []
        for message_id in q.id:
            source = self.raw_messages[message_id]
            _, message = await self._record(
                _peer_chat_id(q.to_peer), source.message, source.entities, None, None
            )
            updates.append(
                raw.types.UpdateNewMessage(message=message, pts=next(self._pts), pts_count=1)
            )
        return roundtrip(
            raw.types.Updates(
                updates=updates,
                users=self._users_list(),
                chats=list(self.chats.values()),
                date=int(time.time()),
                seq=0,
            )
        )

    def add_channel(self, username: str, channel_id: int = 777_000_111) -> raw.types.Channel:
        channel = raw.types.Channel(
            id=channel_id,
            title=f"{username} news",
            photo=raw.types.ChatPhotoEmpty(),
            date=int(time.time()),
            access_hash=channel_id * 3,
            username=username,
            broadcast=True,
        )
        self.channels[username.lower()] = channel
        return channel

    async def _on_ResolveUsername(self, q: Any) -> Any:
        channel = self.channels.get(q.username.lower())
        if channel is None:
            raise errors.UsernameNotOccupied()
        await self.client.fetch_peers([channel])
        return raw.types.contacts.ResolvedPeer(
            peer=raw.types.PeerChannel(channel_id=channel.id), chats=[channel], users=[]
        )

    async def _on_GetParticipant(self, q: Any) -> Any:
        """Membership as Telegram tells it to a bot: only to the channel's admins."""
        channel = next(c for c in self.channels.values() if c.id == q.channel.channel_id)
        if not self.bot_is_channel_admin:
            raise errors.ChatAdminRequired()
        me = isinstance(q.participant, raw.types.InputPeerSelf)
        user_id = BOT_ID if me else q.participant.user_id
        now = int(time.time())
        participant: Any
        if user_id == BOT_ID:
            rights = raw.types.ChatAdminRights(post_messages=True)
            participant = raw.types.ChannelParticipantAdmin(
                user_id=BOT_ID, promoted_by=BOT_ID, date=now, admin_rights=rights, is_self=True
            )
        elif user_id in self.channel_members:
            participant = raw.types.ChannelParticipant(user_id=user_id, date=now)
        else:
            raise errors.UserNotParticipant()
        return raw.types.channels.ChannelParticipant(
            participant=participant, chats=[channel], users=self._users_list()
        )

    async def _on_SaveBigFilePart(self, q: Any) -> bool:
        return True

    async def _on_DeleteMessages(self, q: Any) -> Any:
        return raw.types.messages.AffectedMessages(pts=next(self._pts), pts_count=len(q.id))

    async def _on_SetTyping(self, q: Any) -> bool:
        return True


class _DispatcherErrors(logging.Handler):
    """Exceptions Pyrogram's dispatcher only logs (a filter or an update parser raised,
    or a handler let one escape): each fails the test whose update caused it."""

    LOGGER = "pyrogram.dispatcher"

    def __init__(self) -> None:
        super().__init__(logging.ERROR)
        self.records: list[logging.LogRecord] = []
        self._logger = logging.getLogger(self.LOGGER)

    def emit(self, record: logging.LogRecord) -> None:
        self.records.append(record)

    def attach(self) -> None:
        self._logger.addHandler(self)
        self._logger.disabled = False

    def detach(self) -> None:
        self._logger.removeHandler(self)

    def check(self) -> None:
        found = [
            f"{r.getMessage()} ({type(r.exc_info[1]).__name__ if r.exc_info else 'no exception'})"
            for r in self.records
        ]
        self.records.clear()
        assert not found, f"the dispatcher raised before or around the bot's handlers: {found}"


def bot_commands_set(harness: TelegramHarness) -> Iterator[tuple[Any, list[str]]]:
    """(scope, command names) of every menu the bot registered."""
    for call in harness.calls_of(raw.functions.bots.SetBotCommands):
        yield call.scope, [c.command for c in call.commands]


@dataclass
class People:
    """A cast of users for tests."""

    owner: raw.types.User = field(default_factory=lambda: make_user(1001, "Olive", "olive"))
    alice: raw.types.User = field(default_factory=lambda: make_user(2002, "Alice", "alice"))
    bob: raw.types.User = field(default_factory=lambda: make_user(3003, "Bob", None))


def new_client(workers: int = 8) -> Client:
    return Client(
        "test",
        api_id=1,
        api_hash="0" * 32,
        bot_token="1:test",
        in_memory=True,
        workers=workers,
        parse_mode=enums.ParseMode.HTML,
        no_updates=False,
    )
