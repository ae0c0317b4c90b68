"""Opening the files of an input: nothing outside it, nothing past the limits.

A data package names its table files itself, so a downloaded package could name any file
the user can read.  :class:`Package` opens only what lies inside the package: a resource
path must be relative, must not climb out with ``..``, and must not pass through a
symbolic link; the file must be a regular file (never a device or a pipe).  Every stream it
opens counts the bytes it gives and stops at the limits, so that a zip bomb or an endless
file is refused while it is read, not after.
"""

from __future__ import annotations

import functools
import io
import os
import re
import stat
from collections import Counter
from pathlib import Path
from typing import IO, TYPE_CHECKING, Final

from ._limits import RATIO_FLOOR, Limits, breach_message

if TYPE_CHECKING:
    from zipfile import ZipFile, ZipInfo

    from ._atomic import FolderVersion

__all__ = ["Breach", "Damaged", "Package", "Refused", "Stream", "read_all", "resource_parts"]

_CHUNK: Final = 1 << 20
_OPEN_FLAGS: Final = (
    os.O_RDONLY
    | getattr(os, "O_NOFOLLOW", 0)  # a link as the last part of the path: refused (ELOOP)
    | getattr(os, "O_NONBLOCK", 0)  # a pipe put in a file's place: never wait for a writer
    | getattr(os, "O_CLOEXEC", 0)
    | getattr(os, "O_BINARY", 0)
)
#: ``scheme:`` of a URL, or ``C:`` of a Windows drive.
_SCHEME: Final = re.compile(r"[A-Za-z][A-Za-z0-9+.\-]*:")


class Refused(Exception):  # noqa: N818 - an outcome, not a failure of the code
    """A file that is not read, and why: a problem code, a message and the offending value."""

    def __init__(self, code: str, message: str, value: object = None) -> None:
        super().__init__(code, message)
        self.code = code
        self.message = message
        self.value = value


class Breach(Refused):
    """A limit reached while reading."""

    def __init__(self, what: str, name: str, limit: int) -> None:
        super().__init__("limit.exceeded", breach_message(what, name, limit))


class Damaged(Exception):  # noqa: N818 - an outcome, not a failure of the code
    """A stream that broke while it was read (a damaged zip member, a failing disk)."""


@functools.cache
def _damage_types() -> tuple[type[BaseException], ...]:
    import struct  # noqa: PLC0415
    import zipfile  # noqa: PLC0415
    import zlib  # noqa: PLC0415

    found: list[type[BaseException]] = [
        OSError,
        EOFError,
        ValueError,
        RuntimeError,  # an encrypted member
        NotImplementedError,  # a compression method zipfile does not know
        zipfile.BadZipFile,
        zlib.error,
        struct.error,
    ]
    lzma = getattr(zipfile, "lzma", None)
    if lzma is not None:
        found.append(lzma.LZMAError)
    return tuple(found)


class Stream(io.BufferedIOBase):
    """A binary stream that stops with *breach* (a :class:`Breach`) past *limit* bytes.

    Whatever the stream underneath raises while it is read becomes :class:`Damaged`.
    """

    def __init__(self, raw: IO[bytes] | io.RawIOBase, limit: int, breach: Refused) -> None:
        super().__init__()
        self._raw = raw
        self._left = limit
        self._breach = breach
        self._damage = _damage_types()
        #: Bytes given so far.
        self.position = 0
        #: How many bytes the stream should give in all, when known.
        self.size_hint: int | None = None

    def readable(self) -> bool:
        return True

    def read(self, size: int | None = -1) -> bytes:
        if size is None or size < 0:
            return read_all(self, self._left + 1)
        try:
            data = self._raw.read(min(size, self._left + 1)) or b""
        except self._damage as exc:
            raise Damaged(_reason(exc)) from None
        self._left -= len(data)
        self.position += len(data)
        if self._left < 0:
            raise self._breach
        return data

    def read1(self, size: int = -1) -> bytes:
        return self.read(size if size >= 0 else _CHUNK)

    def close(self) -> None:
        try:
            self._raw.close()
        finally:
            super().close()


def _reason(exc: BaseException) -> str:
    """What went wrong, without the foreign names and values a message may repeat."""
    if isinstance(exc, OSError) and exc.strerror:
        return exc.strerror
    name = type(exc).__name__
    text = str(exc)
    if "'" in text or '"' in text:  # e.g. "Bad CRC-32 for file 'persons.csv'"
        text = text.split("'", 1)[0].split('"', 1)[0].rstrip(" :")
    return f"{name}: {text[:80]}" if text else name


def read_all(stream: IO[bytes] | io.BufferedIOBase | io.RawIOBase, limit: int) -> bytes:
    """Every byte of *stream*; a stream longer than *limit* raises :class:`Breach`.

    Nothing is allocated for the limit up front: a stream of known size is read in one go,
    any other in chunks, and reading stops as soon as the limit is passed.
    """
    hint = getattr(stream, "size_hint", None)
    first = _CHUNK if hint is None else hint + 1
    chunks: list[bytes] = []
    total = 0
    while True:
        chunk = stream.read(min(first if not chunks else _CHUNK, limit + 1 - total))
        if not chunk:
            return chunks[0] if len(chunks) == 1 else b"".join(chunks)
        chunks.append(chunk)
        total += len(chunk)
        if total > limit:
            raise Breach("the file has more bytes", "file_size", limit)


def open_file(path: Path, limits: Limits) -> Stream:
    """Open a file the user named (a JSON document): any kind of file, read within limits.

    Raises:
        OSError: when it cannot be opened.
        Refused: when it is a folder, or larger than the limit.
    """
    fd = os.open(path, os.O_RDONLY | getattr(os, "O_CLOEXEC", 0) | getattr(os, "O_BINARY", 0))
    raw = os.fdopen(fd, "rb", buffering=0)
    try:
        st = os.fstat(fd)
        if stat.S_ISDIR(st.st_mode):
            raise Refused("file.unreadable", "cannot read the file: it is a folder")
        if stat.S_ISREG(st.st_mode) and st.st_size > limits.file_size:
            raise Breach(f"the file has {st.st_size:,} bytes", "file_size", limits.file_size)
    except BaseException:
        raw.close()
        raise
    stream = Stream(
        raw, limits.file_size, Breach("the file has more bytes", "file_size", limits.file_size)
    )
    if stat.S_ISREG(st.st_mode):
        stream.size_hint = st.st_size
    return stream


def resource_parts(name: str) -> tuple[str, ...]:
    """The parts of a resource path that stays inside its package.

    Raises:
        Refused: with code ``package.path`` for an absolute path, a URL, a path that climbs
            out with ``..``, or one that is empty or not in POSIX form.
    """
    if not name or "\x00" in name:
        raise Refused("package.path", "a resource path must be a non-empty relative path", name)
    if "\\" in name:
        raise Refused("package.path", "a resource path separates folders with /, not \\", name)
    if name.startswith("/") or _SCHEME.match(name):
        raise Refused(
            "package.path",
            "a resource path must be relative to the package: only files inside it are read",
            name,
        )
    parts = tuple(p for p in name.split("/") if p not in ("", "."))
    if ".." in parts:
        raise Refused(
            "package.path", "a resource path must not leave the package folder with ..", name
        )
    if not parts:
        raise Refused("package.path", "a resource path must name a file", name)
    return parts


class Package:
    """The files of a CSV folder or zip archive, opened only inside it and within limits."""

    def __init__(self, path: Path, limits: Limits) -> None:
        self.path = path
        self.limits = limits
        self.zip: ZipFile | None = None
        self.folder: FolderVersion | None = None
        #: Whether every file read came from one version of the folder (see ``_atomic``).
        self.intact = True
        self._members: dict[str, ZipInfo] = {}
        #: Zip members named more than once.
        self.duplicates: list[str] = []
        self._unzipped = 0

    def __enter__(self) -> Package:
        if self.path.is_file():
            from zipfile import ZipFile  # noqa: PLC0415 - slow to import, needed for zips only

            try:
                self.zip = ZipFile(self.path)
            except _damage_types() as exc:
                raise Damaged(_reason(exc)) from None
            infos = self.zip.infolist()
            counts = Counter(info.filename for info in infos)
            self.duplicates = sorted(name for name, n in counts.items() if n > 1)
            self._members = {info.filename: info for info in infos}
            return self
        from ._atomic import FolderVersion  # noqa: PLC0415 - folders only

        try:  # one version of the folder, whatever saves do meanwhile (see _atomic)
            self.folder = FolderVersion.open(self.path)
        except FileNotFoundError:
            raise Refused(
                "file.unreadable", "cannot read the tables: no such file or folder"
            ) from None
        except NotADirectoryError:
            raise Refused(
                "file.unreadable", "cannot read the tables: neither a folder nor a zip archive"
            ) from None
        return self

    def __exit__(self, *exc: object) -> None:
        if self.zip is not None:
            self.zip.close()
        if self.folder is not None:
            self.intact = self.folder.intact()
            self.folder.close()

    @property
    def _dir_fd(self) -> int | None:
        """The handle of the folder version being read (``None`` where there is none)."""
        return getattr(self.folder, "_fd", None)

    def names(self) -> list[str]:
        """The names of the files in the package: zip members, or the folder's entries."""
        if self.zip is not None:
            return list(self._members)
        fd = self._dir_fd
        return sorted(os.listdir(self.path if fd is None else fd))  # noqa: PTH208 - by handle

    def open(self, name: str) -> Stream | None:
        """Open the file at the resource path *name*; ``None`` when there is none.

        Raises:
            Refused: a path outside the package, a link, not a regular file, a duplicate
                zip member, or over a limit.
            Damaged: a zip member that cannot be unpacked.
        """
        parts = resource_parts(name)
        if self.zip is not None:
            return self._open_member("/".join(parts))
        return self._open_in_folder(parts, name)

    def _open_in_folder(self, parts: tuple[str, ...], name: str) -> Stream | None:
        fd = self._dir_fd
        base = self.path if fd is None else Path()
        where = {} if fd is None else {"dir_fd": fd}
        current = base
        for i, part in enumerate(parts):
            current = current / part
            try:
                st = os.lstat(current, **where)
            except (FileNotFoundError, NotADirectoryError):
                return None
            if stat.S_ISLNK(st.st_mode):
                raise Refused(
                    "package.path", "a symbolic link: only files inside the package are read", name
                )
            if i < len(parts) - 1 and not stat.S_ISDIR(st.st_mode):
                return None
        if not stat.S_ISREG(st.st_mode):
            raise Refused("package.path", "not a regular file (a folder, device or pipe)", name)
        raw = os.fdopen(os.open(current, _OPEN_FLAGS, **where), "rb", buffering=0)
        try:
            st = os.fstat(raw.fileno())  # what was opened, in case the path changed since
            if not stat.S_ISREG(st.st_mode):
                raise Refused("package.path", "not a regular file (a device or pipe)", name)
            if st.st_size > self.limits.file_size:
                raise Breach(
                    f"the file has {st.st_size:,} bytes", "file_size", self.limits.file_size
                )
        except BaseException:
            raw.close()
            raise
        limit = self.limits.file_size
        stream = Stream(raw, limit, Breach("the file has more bytes", "file_size", limit))
        stream.size_hint = st.st_size
        return stream

    def _open_member(self, name: str) -> Stream | None:
        info = self._members.get(name)
        if info is None:
            return None
        if name in self.duplicates:
            raise Refused(
                "package.duplicate", "the zip archive holds two members of this name", name
            )
        mode = info.external_attr >> 16
        if stat.S_ISLNK(mode):
            raise Refused(
                "package.path", "a symbolic link: only files inside the package are read", name
            )
        if info.is_dir():
            raise Refused("package.path", "a folder, not a file", name)
        limits = self.limits
        if info.file_size > limits.file_size:
            raise Breach(
                f"the member unpacks to {info.file_size:,} bytes", "file_size", limits.file_size
            )
        allowed = max(RATIO_FLOOR, limits.compression_ratio * info.compress_size)
        if info.file_size > allowed:
            ratio = info.file_size // max(1, info.compress_size)
            raise Breach(
                f"the member unpacks to {ratio:,} times its packed size",
                "compression_ratio",
                limits.compression_ratio,
            )
        left = limits.unzipped_size - self._unzipped
        if info.file_size > left:
            raise Breach(
                "the members read unpack to more bytes in all",
                "unzipped_size",
                limits.unzipped_size,
            )
        self._unzipped += info.file_size
        archive = self.zip
        if archive is None:  # pragma: no cover - members are read from the archive only
            return None
        try:
            raw = archive.open(info)
        except _damage_types() as exc:
            raise Damaged(_reason(exc)) from None
        # zipfile stops at the size the member declares; the stream checks it all the same.
        more = Refused("file.unreadable", "the member unpacks to more bytes than it declares")
        stream = Stream(raw, info.file_size, more)
        stream.size_hint = info.file_size
        return stream
