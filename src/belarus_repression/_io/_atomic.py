"""Atomic saves: a file replaced in one step, a folder swapped so that readers see one version.

**Files** (``.json``, ``.zip``) are written to a staging file beside the target, flushed to
disk and renamed over the target: a reader opens the old file or the new one.

**Folders** (CSV tables with a ``datapackage.json``) are written to a staging folder beside
the target, flushed to disk (on Linux one ``syncfs``, not one flush per table), and then take
the target's place:

* where the system can exchange two names in one step (Linux ``renameat2`` with
  ``RENAME_EXCHANGE``, macOS ``renamex_np`` with ``RENAME_SWAP``), the staging folder and the
  target are exchanged: the target name always holds a complete version, old or new;
* elsewhere the old folder is moved aside and the new one moved in, and moved back if that
  fails; for that moment the name is absent, and readers wait for it (below).

A published version is never changed: the next save publishes another folder.  A reader
(:class:`FolderVersion`) opens the folder once, takes a shared lock on it and reads every
table through that one handle, so it reads one version from start to end even if saves
replace it meanwhile.  A save removes the version it replaced unless a reader still holds it;
then the next save removes it.

**Staging** entries are named ``.NAME.<random>.tmp`` and are locked (``flock``) by the
process writing them for as long as they live.  Every save first removes the staging entries
of ``NAME`` that nobody holds: those of saves that were killed, and old versions that a
reader held.  An entry is created as ``.NAME.<random>.init`` and renamed to ``.tmp`` only once
locked, so that a save never removes another's entry that is not locked yet.  Without
``flock`` (Windows, some network file systems) an entry counts as stale after an hour.
"""

from __future__ import annotations

import contextlib
import errno
import os
import stat
import sys
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import IO, Any, Final

__all__ = [
    "FolderVersion",
    "atomic_dir",
    "atomic_file",
    "clean_stale",
    "exchange",
    "write_file",
]

if sys.platform != "win32":  # Windows has no flock: see STALE_AFTER
    import fcntl

#: Without locks, how old a staging entry must be to count as stale.
STALE_AFTER: Final = 3600.0
#: How many times a save retries when other saves keep changing the target under it.
_SAVE_ATTEMPTS: Final = 1000
#: How long a reader waits for a folder that a save has moved aside for a moment.
_ABSENT_WAIT: Final = 2.0
#: How many times a reader retries when saves keep replacing the folder it opens.
_OPEN_ATTEMPTS: Final = 1000

#: Errors that say the system cannot exchange two names (then folders are moved in two steps).
_NO_EXCHANGE: Final = frozenset(
    {errno.EINVAL, errno.ENOSYS, errno.EOPNOTSUPP, errno.ENOTSUP, errno.EPERM, errno.EXDEV}
)
#: Errors of a rename onto an existing, non-empty folder.
_OCCUPIED: Final = frozenset({errno.EEXIST, errno.ENOTEMPTY})


# -- exchanging two names ----------------------------------------------------------------------


def _libc() -> Any:
    """The C library, loaded once; ``None`` where it cannot be."""
    global _LIBC, _LIBC_LOADED  # noqa: PLW0603 - loaded once, on first use
    if not _LIBC_LOADED:
        import ctypes  # noqa: PLC0415 - only saves of folders need it
        import ctypes.util  # noqa: PLC0415

        try:
            _LIBC = ctypes.CDLL(ctypes.util.find_library("c") or None, use_errno=True)
        except OSError:  # pragma: no cover - no C library to load
            _LIBC = None
        _LIBC_LOADED = True
    return _LIBC


_LIBC: Any = None
_LIBC_LOADED = False


def _load_exchange() -> Callable[[bytes, bytes], int] | None:
    """The C function that exchanges two names, as ``f(a, b) -> 0 or -1``, if there is one."""
    import ctypes  # noqa: PLC0415 - only saves of folders need it

    libc = _libc()
    if libc is None:  # pragma: no cover - no C library to load
        return None
    if sys.platform.startswith("linux") and hasattr(libc, "renameat2"):
        at_fdcwd, rename_exchange = -100, 2
        renameat2 = libc.renameat2
        renameat2.argtypes = [
            ctypes.c_int,
            ctypes.c_char_p,
            ctypes.c_int,
            ctypes.c_char_p,
            ctypes.c_uint,
        ]
        renameat2.restype = ctypes.c_int
        return lambda a, b: int(renameat2(at_fdcwd, a, at_fdcwd, b, rename_exchange))
    if sys.platform == "darwin" and hasattr(libc, "renamex_np"):  # pragma: no cover - macOS
        rename_swap = 2
        renamex_np = libc.renamex_np
        renamex_np.argtypes = [ctypes.c_char_p, ctypes.c_char_p, ctypes.c_uint]
        renamex_np.restype = ctypes.c_int
        return lambda a, b: int(renamex_np(a, b, rename_swap))
    return None  # pragma: no cover - other systems


_EXCHANGE: Callable[[bytes, bytes], int] | None = None
_EXCHANGE_LOADED = False


def exchange(a: Path, b: Path) -> bool:
    """Exchange the names *a* and *b* in one step; False when the system cannot.

    Raises:
        OSError: when both exist and the exchange fails for another reason, or
            ``FileNotFoundError`` when one of them does not exist.
    """
    global _EXCHANGE, _EXCHANGE_LOADED
    if not _EXCHANGE_LOADED:
        _EXCHANGE, _EXCHANGE_LOADED = _load_exchange(), True
    if _EXCHANGE is None:
        return False
    import ctypes  # noqa: PLC0415

    if _EXCHANGE(os.fsencode(a), os.fsencode(b)) == 0:
        return True
    code = ctypes.get_errno()
    if code in _NO_EXCHANGE:
        return False
    raise OSError(code, os.strerror(code), str(a), None, str(b))


# -- locks and staging entries -----------------------------------------------------------------


def _lock(fd: int, *, shared: bool = False, wait: bool = True) -> bool | None:
    """Lock *fd*: True if locked, False if someone else holds it, None if locks do not work."""
    if sys.platform == "win32":  # pragma: no cover
        return None
    flags = fcntl.LOCK_SH if shared else fcntl.LOCK_EX
    if not wait:
        flags |= fcntl.LOCK_NB
    try:
        fcntl.flock(fd, flags)
    except BlockingIOError:
        return False
    except OSError:  # e.g. ENOLCK on a file system without locks
        return None
    return True


def _open_dir(path: Path | str) -> int:
    return os.open(path, os.O_RDONLY | getattr(os, "O_DIRECTORY", 0))


def _staged(parent: Path, name: str, *, folder: bool) -> tuple[Path, int | None]:
    """Create and lock a staging entry for *name*; return its path and the locked handle.

    The entry is born ``.init`` and renamed ``.tmp`` once locked: :func:`clean_stale` removes
    ``.tmp`` entries it can lock, and ``.init`` ones only when they are old.  Without locks
    (Windows) there is no handle.
    """
    import tempfile  # noqa: PLC0415 - only saves need it; loading imports this module

    fd: int | None
    if folder:
        init = Path(tempfile.mkdtemp(prefix=f".{name}.", suffix=".init", dir=parent))
        try:
            fd = None if sys.platform == "win32" else _open_dir(init)
        except BaseException:
            _remove(init)
            raise
    else:
        fd, text = tempfile.mkstemp(prefix=f".{name}.", suffix=".init", dir=parent)
        init = Path(text)
        if sys.platform == "win32":  # pragma: no cover - Windows cannot rename an open file
            os.close(fd)
            fd = None
    try:
        if fd is not None:
            _lock(fd)
        tmp = init.rename(init.with_name(init.name.removesuffix(".init") + ".tmp"))
    except BaseException:
        if fd is not None:
            os.close(fd)
        _remove(init)
        raise
    return tmp, fd


def _remove(path: Path) -> None:
    """Remove a file, link or folder tree; nothing if it is gone."""
    import shutil  # noqa: PLC0415 - see _staged

    with contextlib.suppress(FileNotFoundError):
        if stat.S_ISDIR(os.lstat(path).st_mode):
            shutil.rmtree(path, ignore_errors=True)
        else:
            path.unlink()


def _remove_unless_held(path: Path, *, stale_after: float | None = None) -> bool:
    """Remove an entry unless a reader or a writer holds it; True if it is gone.

    Without locks, the entry is removed at once, or with *stale_after* only when it is
    older than that many seconds.
    """
    try:
        mode = os.lstat(path).st_mode
        if not (stat.S_ISDIR(mode) or stat.S_ISREG(mode)):
            path.unlink()  # a link (to what a user had at the name) or a special file
            return True
        fd = _open_dir(path) if stat.S_ISDIR(mode) else os.open(path, os.O_RDONLY)
    except FileNotFoundError:
        return True
    except OSError:
        return False
    try:
        locked = _lock(fd, wait=False)
        if locked is False:
            return False
        young = stale_after is not None and time.time() - os.fstat(fd).st_mtime < stale_after
        if locked is None and young:
            return False
        _remove(path)  # while locked: nobody can start reading it
        return True
    finally:
        os.close(fd)


def clean_stale(target: Path) -> list[str]:
    """Remove the staging entries of *target* that no process holds; return their names.

    These are the leftovers of saves that were killed (``kill -9``, a power cut) and old
    versions of a folder that a reader held when a save replaced them.  An entry still being
    written or read is left alone, and so is an old version moved aside by a save that did
    not finish (``.old``: it may be the only copy).
    """
    prefix = f".{target.name}."
    removed: list[str] = []
    try:
        entries = list(os.scandir(target.parent))
    except OSError:
        return removed
    now = time.time()
    for entry in entries:
        name = entry.name
        if not name.startswith(prefix):
            continue
        if name.endswith(".init"):
            try:  # not locked by its writer yet: only an old one is stale
                if now - entry.stat(follow_symlinks=False).st_mtime < STALE_AFTER:
                    continue
            except OSError:
                continue
        elif not name.endswith(".tmp"):
            continue
        if _remove_unless_held(Path(entry.path), stale_after=STALE_AFTER):
            removed.append(name)
    return removed


def _sync_files(folder: Path, fd: int | None) -> None:
    """Flush the files of a staging folder to disk before it is published.

    On Linux one ``syncfs`` of the folder's file system (one disk flush, not one per table);
    elsewhere every file in turn.
    """
    libc = _libc() if fd is not None and sys.platform.startswith("linux") else None
    if libc is not None and hasattr(libc, "syncfs") and libc.syncfs(fd) == 0:
        return
    with os.scandir(folder) as entries:
        files = [e.path for e in entries if e.is_file(follow_symlinks=False)]
    for file in files:
        fd = os.open(file, os.O_RDONLY)
        try:
            os.fsync(fd)
        finally:
            os.close(fd)


def _mode_for(path: Path, *, folder: bool = False) -> int:
    """The permissions a new entry at *path* gets: the old one's, or the default less umask."""
    try:
        return path.stat().st_mode & 0o777
    except OSError:
        umask = os.umask(0)
        os.umask(umask)
        return (0o777 if folder else 0o666) & ~umask


# -- files ---------------------------------------------------------------------------------


@contextlib.contextmanager
def atomic_file(path: Path) -> Iterator[IO[bytes]]:
    """Open a staging file beside *path*; on success it replaces *path* in one step.

    A failure or an interruption leaves *path* as it was and removes the staging file.
    """
    clean_stale(path)
    tmp, fd = _staged(path.parent, path.name, folder=False)
    try:
        tmp.chmod(_mode_for(path))  # mkstemp makes the file private; a saved file is not
        with tmp.open("wb") if fd is None else os.fdopen(os.dup(fd), "wb") as fh:
            yield fh
            fh.flush()
            os.fsync(fh.fileno())
        tmp.replace(path)
    except BaseException:
        _remove(tmp)
        raise
    finally:
        if fd is not None:
            os.close(fd)


# -- folders -------------------------------------------------------------------------------

#: A folder that a save may replace holds this file (or nothing).
_PACKAGE_FILE: Final = "datapackage.json"


def _check_replaceable(path: Path) -> None:
    """Refuse to replace a file, or a folder that is not a saved dataset."""
    try:
        mode = os.lstat(path).st_mode
    except FileNotFoundError:
        return
    if stat.S_ISLNK(mode):
        return  # the link is replaced; what it points to is left alone
    if not stat.S_ISDIR(mode):
        raise FileExistsError(errno.EEXIST, "exists and is not a folder: not replaced", str(path))
    try:
        names = [entry.name for entry in path.iterdir()]
    except OSError:
        return  # the swap reports what is wrong
    if names and _PACKAGE_FILE not in names:
        raise FileExistsError(
            errno.EEXIST,
            f"is a folder without {_PACKAGE_FILE} (not a saved dataset): not replaced",
            str(path),
        )


def _publish(tmp: Path, path: Path) -> Path | None:
    """Put the folder *tmp* at *path*; return where the old version now is, if any.

    On failure *path* is left as it was (absent, if it was) and *tmp* is kept.
    """
    for _ in range(_SAVE_ATTEMPTS):
        try:
            if exchange(tmp, path):
                return tmp  # the old version now has the staging name
        except FileNotFoundError:
            if not tmp.exists():
                raise
            aside = None  # nothing at path yet
        else:  # no exchange on this system: move the old version aside first
            aside = _move_aside(path)
        try:
            tmp.rename(path)
        except OSError as exc:
            if aside is not None:
                _put_back(aside, path)
            if exc.errno not in _OCCUPIED:
                raise
            continue  # another save published first: go again
        return aside
    raise OSError(errno.EBUSY, "other saves kept replacing the folder", str(path))


def _move_aside(path: Path) -> Path | None:
    """Move the old version to ``.NAME.<random>.old`` (two-step swap); None if there is none.

    Stale cleaning leaves ``.old`` entries alone: if the save is killed before the new
    version is in, the old one is there, whole.
    """
    aside = path.with_name(f".{path.name}.{os.urandom(6).hex()}.old")
    try:
        path.rename(aside)
    except FileNotFoundError:
        return None
    return aside


def _put_back(aside: Path, path: Path) -> None:
    """Undo :func:`_move_aside` after a failed move-in; if another save got in, drop ours."""
    try:
        aside.rename(path)
    except OSError as exc:
        if exc.errno not in _OCCUPIED:
            raise
        _retire(aside)  # another save published meanwhile: ours is the old version


def _retire(old: Path) -> None:
    """Remove a replaced version, or leave it to the next save while a reader holds it."""
    if not _remove_unless_held(old) and old.suffix != ".tmp":
        with contextlib.suppress(OSError):
            old.rename(old.with_suffix(".tmp"))


@contextlib.contextmanager
def atomic_dir(path: Path) -> Iterator[Path]:
    """A staging folder beside *path* that takes its place, whole, once it is complete.

    Readers (:class:`FolderVersion`) see the old version or the new one, never a mix.  A
    failure or an interruption leaves *path* as it was and removes the staging folder;
    staging folders of saves that were killed are removed by the next save.

    Raises:
        FileExistsError: when *path* is a file, or a folder that holds something other
            than a saved dataset (no ``datapackage.json``): it is not replaced.
    """
    _check_replaceable(path)
    clean_stale(path)
    tmp, fd = _staged(path.parent, path.name, folder=True)
    try:
        tmp.chmod(_mode_for(path, folder=True))  # mkdtemp makes the folder private
        yield tmp
        _sync_files(tmp, fd)  # the tables are on disk before they take the old ones' place
        old = _publish(tmp, path)
    except BaseException:
        if fd is not None:
            os.close(fd)
        _remove(tmp)
        raise
    if fd is not None:
        os.close(fd)  # releases the lock: readers may now hold the new version
    if old is not None:
        _retire(old)


def write_file(folder: Path, name: str, data: bytes) -> None:
    """Write one file of a staging folder (:func:`atomic_dir` flushes them all to disk)."""
    (folder / name).write_bytes(data)


# -- reading one version -----------------------------------------------------------------------


def _same(fd: int, path: Path) -> bool:
    try:
        now = path.stat()
    except OSError:
        return False
    mine = os.fstat(fd)
    return (mine.st_dev, mine.st_ino) == (now.st_dev, now.st_ino)


def _swap_under_way(path: Path) -> bool:
    """Whether a save of *path* has a staging entry beside it (so *path* may come back)."""
    prefix = f".{path.name}."
    with contextlib.suppress(OSError), os.scandir(path.parent) as entries:
        return any(e.name.startswith(prefix) and e.name.endswith((".tmp", ".old")) for e in entries)
    return False


class FolderVersion:
    """One version of a saved folder, held for reading: saves cannot change or remove it.

    Open it with :meth:`open`; :meth:`read` reads a file of that version.  Where the system
    cannot read through a folder handle or lock it (Windows), files are read by path and
    :meth:`intact` says whether a save replaced the folder meanwhile (then read again).
    """

    __slots__ = ("_fd", "_held", "_start", "path")

    def __init__(self, path: Path, fd: int | None, *, held: bool, start: os.stat_result) -> None:
        self.path = path
        self._fd = fd
        self._held = held
        self._start = start

    @classmethod
    def open(cls, path: Path) -> FolderVersion:
        """Open the version *path* holds now.

        Raises:
            OSError: when *path* cannot be opened as a folder.
        """
        waited = 0.0
        for attempt in range(_OPEN_ATTEMPTS):
            try:
                version = cls._open_once(path)
            except FileNotFoundError:
                if waited >= _ABSENT_WAIT or not _swap_under_way(path):
                    raise
                pause = min(0.001 * (attempt + 1), 0.05)
                time.sleep(pause)
                waited += pause
                continue
            if version is not None:
                return version
        raise OSError(errno.EBUSY, "saves kept replacing the folder while it was opened", path)

    @classmethod
    def _open_once(cls, path: Path) -> FolderVersion | None:
        if os.open not in os.supports_dir_fd:  # pragma: no cover - Windows
            return cls(path, None, held=False, start=path.stat())
        fd = _open_dir(path)
        try:
            held = _lock(fd, shared=True) is True
            start = os.fstat(fd)
            if _same(fd, path):
                return cls(path, fd, held=held, start=start)
        except BaseException:
            os.close(fd)
            raise
        os.close(fd)  # replaced between opening and locking: open the new one
        return None

    @property
    def fd(self) -> int | None:
        """The folder's handle, to read relative to it (``dir_fd=``); ``None`` on Windows."""
        return self._fd

    def open_file(self, name: str) -> IO[bytes]:
        """Open the file *name* of this version for reading (binary).

        *name* is taken as given: the caller checks that it stays inside the folder.

        Raises:
            OSError: ``FileNotFoundError`` when the version has no such file.
        """
        if self._fd is None:  # pragma: no cover - Windows
            return (self.path / name).open("rb")
        return os.fdopen(os.open(name, os.O_RDONLY, dir_fd=self._fd), "rb")

    def read(self, name: str) -> bytes:
        """The bytes of the file *name* of this version (see :meth:`open_file`)."""
        with self.open_file(name) as fh:
            return fh.read()

    def intact(self) -> bool:
        """Whether every read saw this version: always while it is held (locked)."""
        if self._held:
            return True
        if self._fd is not None:  # no locks: a save may have removed files under us
            return _same(self._fd, self.path)
        try:  # pragma: no cover - Windows
            now = self.path.stat()
        except OSError:  # pragma: no cover
            return False
        return (now.st_dev, now.st_ino) == (self._start.st_dev, self._start.st_ino)

    def close(self) -> None:
        """Let saves remove this version once it is replaced."""
        if self._fd is not None:
            os.close(self._fd)
            self._fd = None

    def __enter__(self) -> FolderVersion:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()
