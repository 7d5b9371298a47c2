"""Where finished requests meet their asyncio event loop (used by the native module)."""

from __future__ import annotations

import weakref

from . import _native

_by_loop: weakref.WeakKeyDictionary[object, _native.Completions] = weakref.WeakKeyDictionary()


def completions(loop: object) -> _native.Completions:
    """The completion queue of `loop`, made on its first request."""
    queue = _by_loop.get(loop)
    if queue is None:
        queue = _by_loop[loop] = _native.Completions(weakref.ref(loop))
    return queue
