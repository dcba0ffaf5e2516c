"""Overlap rendering with encoding: hand each frame to a thread that writes it to the encoder.

Writing a raw 1080p frame into ffmpeg's pipe blocks until ffmpeg has read all 6 MB; the pipe write
releases the GIL, so a writer thread lets the next frame's skinning and drawing run meanwhile.

Frames are passed by reference, not copied. With ``depth`` queued frames the writer may hold
``depth + 1`` frames at once, so the producer must not reuse a frame buffer for ``depth + 1``
frames: `AvatarRenderer`'s default ring of 3 output frames fits the default depth of 1.
"""

from __future__ import annotations

import queue
import threading
from typing import Protocol

import numpy as np

_STOP = object()


class FrameSink(Protocol):
    def write(self, frame: np.ndarray) -> None: ...


class BackgroundWriter:
    """Context manager: ``write`` queues a frame; a worker thread calls ``sink.write`` in order.

    An error raised by the sink is re-raised in the caller's thread by the next ``write`` or by
    ``close``; frames after an error are dropped. ``close`` waits for every queued frame.
    """

    def __init__(self, sink: FrameSink, depth: int = 1) -> None:
        self._sink = sink
        self._queue: queue.Queue = queue.Queue(maxsize=max(1, depth))
        self._error: BaseException | None = None
        self._closed = False
        self._thread = threading.Thread(target=self._run, name="signgen-frame-writer", daemon=True)
        self._thread.start()

    def _run(self) -> None:
        while True:
            frame = self._queue.get()
            if frame is _STOP:
                return
            if self._error is None:  # after a failure keep draining, so the producer never blocks
                try:
                    self._sink.write(frame)
                except BaseException as exc:  # handed to the producer's thread
                    self._error = exc

    def write(self, frame: np.ndarray) -> None:
        """Queue ``frame`` (blocks while the queue is full). Do not modify it afterwards."""
        if self._closed:
            raise ValueError("the background writer is closed")
        self._raise_error()
        self._queue.put(frame)

    def close(self) -> None:
        """Write every queued frame, stop the thread, and re-raise a sink error if there was one."""
        if not self._closed:
            self._closed = True
            self._queue.put(_STOP)
            self._thread.join()
        self._raise_error()

    def _raise_error(self) -> None:
        if self._error is not None:
            error, self._error = self._error, None
            raise error

    def __enter__(self) -> BackgroundWriter:
        return self

    def __exit__(self, exc_type, exc, tb) -> None:
        if exc_type is None:
            self.close()
            return
        # The block already failed: stop the thread, but let the original exception propagate.
        self._closed = True
        self._queue.put(_STOP)
        self._thread.join()
