"""Where raw bytes come from: files, folders (recursively), http(s) URLs and standard input."""

from __future__ import annotations

import stat
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO

import httpx

from watchfloor.errors import IngestError
from watchfloor.types import RejectReason

STDIN = "-"
STREAMED_SUFFIXES = frozenset({".jsonl", ".ndjson", ".csv", ".tsv"})
"""Files read line by line: the size limit applies to each record, not to the file."""


@dataclass(frozen=True, slots=True)
class RawItem:
    """Bytes of one input, before its format is known."""

    name: str
    """How the user named it: a path, an http(s) URL or ``-``."""
    data: bytes
    suffix: str = ""
    content_type: str | None = None
    charset: str | None = None


@dataclass(frozen=True, slots=True)
class LineStream:
    """A JSON Lines file or a table (CSV, TSV) read one line at a time."""

    name: str
    path: Path

    @property
    def is_table(self) -> bool:
        return self.path.suffix.lower() in (".csv", ".tsv")


def is_url(source: str) -> bool:
    return source.startswith(("http://", "https://"))


def iter_sources(
    sources: list[str], *, max_bytes: int, timeout: float, stdin: BinaryIO | None = None
) -> Iterator[RawItem | LineStream | IngestError]:
    """Yield each source's raw input, or the error that kept it from being read."""
    for source in sources:
        if source == STDIN:
            stream = stdin if stdin is not None else sys.stdin.buffer
            yield _read_limited(STDIN, stream, max_bytes)
        elif is_url(source):
            yield fetch_url(source, max_bytes=max_bytes, timeout=timeout)
        else:
            yield from _iter_path(Path(source), max_bytes=max_bytes)


def _iter_path(
    path: Path, *, max_bytes: int, seen: set[tuple[int, int]] | None = None
) -> Iterator[RawItem | LineStream | IngestError]:
    """A file, or a folder's files recursively. Only regular files are read (a FIFO would
    block forever, a device never ends); each real file and folder is visited once, so a
    symlink cycle or two links to one file do not repeat it."""
    seen = set() if seen is None else seen
    name = str(path)
    try:
        info = path.stat()
    except FileNotFoundError:
        yield IngestError(name, RejectReason.NOT_FOUND, "no such file or folder")
        return
    except OSError as exc:  # a symlink loop, a permission problem
        yield IngestError(name, RejectReason.NOT_FOUND, f"cannot read: {exc.strerror or exc}")
        return
    identity = (info.st_dev, info.st_ino)
    if identity in seen:
        return  # already read under another name (a link, or a cycle of links)
    seen.add(identity)
    if stat.S_ISDIR(info.st_mode):
        try:
            children = sorted(path.iterdir())
        except OSError as exc:
            yield IngestError(name, RejectReason.NOT_FOUND, f"cannot list: {exc.strerror or exc}")
            return
        for child in children:
            if not child.name.startswith("."):
                yield from _iter_path(child, max_bytes=max_bytes, seen=seen)
        return
    if not stat.S_ISREG(info.st_mode):
        kind = (
            "a FIFO" if stat.S_ISFIFO(info.st_mode)
            else "a socket" if stat.S_ISSOCK(info.st_mode)
            else "a device" if stat.S_ISCHR(info.st_mode) or stat.S_ISBLK(info.st_mode)
            else "not a regular file"
        )  # fmt: skip
        yield IngestError(name, RejectReason.UNREADABLE, f"skipped: {kind}, not a file")
        return
    suffix = path.suffix.lower()
    if suffix in STREAMED_SUFFIXES:
        yield LineStream(name, path)
        return
    try:
        size = info.st_size
        if size > max_bytes:
            yield IngestError(
                name, RejectReason.TOO_LARGE, f"{size:,} bytes, limit {max_bytes:,} (--max-bytes)"
            )
            return
        with path.open("rb") as handle:
            yield _read_limited(name, handle, max_bytes, suffix=suffix)
    except OSError as exc:
        yield IngestError(name, RejectReason.NOT_FOUND, f"cannot read: {exc.strerror or exc}")


def _read_limited(
    name: str, stream: BinaryIO, max_bytes: int, *, suffix: str = ""
) -> RawItem | IngestError:
    data = stream.read(max_bytes + 1)
    if len(data) > max_bytes:
        return IngestError(
            name, RejectReason.TOO_LARGE, f"more than {max_bytes:,} bytes (--max-bytes)"
        )
    return RawItem(name, data, suffix=suffix)


def fetch_url(url: str, *, max_bytes: int, timeout: float) -> RawItem | IngestError:
    """GET ``url`` with a timeout and a size limit; never raises for network trouble."""
    try:
        with (
            httpx.Client(
                timeout=timeout, follow_redirects=True, headers={"User-Agent": "watchfloor"}
            ) as client,
            client.stream("GET", url) as response,
        ):
            if response.status_code >= 400:
                return IngestError(
                    url,
                    RejectReason.UNREACHABLE,
                    f"HTTP {response.status_code} {response.reason_phrase}",
                )
            chunks: list[bytes] = []
            size = 0
            for chunk in response.iter_bytes():
                size += len(chunk)
                if size > max_bytes:
                    return IngestError(
                        url, RejectReason.TOO_LARGE, f"more than {max_bytes:,} bytes (--max-bytes)"
                    )
                chunks.append(chunk)
            content_type = response.headers.get("content-type", "")
            mime, _, params = content_type.partition(";")
            charset = None
            for param in params.split(";"):
                key, _, value = param.strip().partition("=")
                if key.lower() == "charset" and value:
                    charset = value.strip("\"'")
            suffix = Path(httpx.URL(url).path).suffix.lower()
            return RawItem(url, b"".join(chunks), suffix, mime.strip().lower() or None, charset)
    except httpx.TimeoutException:
        return IngestError(
            url, RejectReason.UNREACHABLE, f"no answer within {timeout:g} s (--timeout)"
        )
    except httpx.HTTPError as exc:
        return IngestError(url, RejectReason.UNREACHABLE, _describe_http_error(exc))


def _describe_http_error(exc: httpx.HTTPError) -> str:
    message = str(exc) or type(exc).__name__
    return message.splitlines()[0]
