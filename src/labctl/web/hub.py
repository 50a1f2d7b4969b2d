"""Publish/subscribe of small JSON events between worker threads and the event loop.

A topic is `env:<lab>/<env>` (one learner's page) or `class:<name>` (the class
view). Grading and jobs run in threads and publish from there; each
subscriber (one server-sent-events stream) has its own queue on the loop.
"""

from __future__ import annotations

import asyncio
import json
import threading
from collections.abc import AsyncIterator
from typing import Any

#: a subscriber that fell this many events behind is dropped (its page reconnects and reloads)
MAX_PENDING = 1000
KEEPALIVE = 15.0


def env_topic(lab: str, env: str) -> str:
    return f"env:{lab}/{env}"


def class_topic(name: str) -> str:
    return f"class:{name}"


class Hub:
    def __init__(self) -> None:
        self._loop: asyncio.AbstractEventLoop | None = None
        self._subs: dict[str, set[asyncio.Queue[dict[str, Any] | None]]] = {}
        self._lock = threading.Lock()

    def bind(self, loop: asyncio.AbstractEventLoop) -> None:
        self._loop = loop

    def subscribe(self, topic: str) -> asyncio.Queue[dict[str, Any] | None]:
        queue: asyncio.Queue[dict[str, Any] | None] = asyncio.Queue()
        with self._lock:
            self._subs.setdefault(topic, set()).add(queue)
        return queue

    def unsubscribe(self, topic: str, queue: asyncio.Queue[dict[str, Any] | None]) -> None:
        with self._lock:
            subs = self._subs.get(topic)
            if subs is not None:
                subs.discard(queue)
                if not subs:
                    del self._subs[topic]

    def has_subscribers(self, topic: str) -> bool:
        with self._lock:
            return bool(self._subs.get(topic))

    def publish(self, topic: str, event: dict[str, Any]) -> None:
        """Send an event to every subscriber of a topic; callable from any thread."""
        loop = self._loop
        if loop is None or loop.is_closed():
            return
        try:
            running = asyncio.get_running_loop()
        except RuntimeError:
            running = None
        if running is loop:
            self._deliver(topic, event)
        else:
            loop.call_soon_threadsafe(self._deliver, topic, event)

    def _deliver(self, topic: str, event: dict[str, Any]) -> None:
        with self._lock:
            subs = list(self._subs.get(topic, ()))
        for queue in subs:
            if queue.qsize() >= MAX_PENDING:
                self.unsubscribe(topic, queue)
                queue.put_nowait(None)  # tells the stream to end
            else:
                queue.put_nowait(event)

    async def stream(self, topic: str, initial: list[dict[str, Any]]) -> AsyncIterator[str]:
        """A server-sent-events body: the initial events, then everything published, with
        keep-alive comments; ends when the client goes or falls too far behind."""
        queue = self.subscribe(topic)
        try:
            for first in initial:
                yield sse(first)
            while True:
                try:
                    event: dict[str, Any] | None = await asyncio.wait_for(queue.get(), KEEPALIVE)
                except TimeoutError:
                    yield ": keep-alive\n\n"
                    continue
                if event is None:
                    return
                yield sse(event)
        finally:
            self.unsubscribe(topic, queue)


def sse(event: dict[str, Any]) -> str:
    return f"event: {event.get('type', 'message')}\ndata: {json.dumps(event, separators=(',', ':'))}\n\n"
