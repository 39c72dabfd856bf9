"""Turns a CSimStatus and the core's message into the Python exception a caller expects."""
from . import _lib


class PavlovError(Exception):
    """Base of every error raised by pavlov_envs; the message is the core's own."""


class UnknownEnvError(PavlovError, ValueError):
    """No environment with that id (the message lists the valid ids)."""


class InvalidArgumentError(PavlovError, ValueError):
    """A count, option, index or buffer out of its allowed range."""


class InvalidActionError(PavlovError, ValueError):
    """An action out of range or not finite; nothing was stepped."""


class EnvClosedError(PavlovError, ValueError):
    """A call on an environment after close(); a ValueError, as for a closed file."""


class ConcurrentUseError(PavlovError, RuntimeError):
    """A call on a batch while another thread is inside a call on it (csim.h: one handle, one
    thread at a time); nothing was done, the other call goes on."""


class UnavailableError(PavlovError, RuntimeError):
    """The environment needs an optional part that is not installed (NetHack's engine); the
    message names it and the command that installs it."""


class InternalError(PavlovError, RuntimeError):
    """A bug in the core or in these bindings; please report the message."""


_BY_STATUS = {
    _lib.ERROR_UNKNOWN_ENV: UnknownEnvError,
    _lib.ERROR_INVALID_ARGUMENT: InvalidArgumentError,
    _lib.ERROR_BUFFER_TOO_SMALL: InvalidArgumentError,
    _lib.ERROR_INVALID_ACTION: InvalidActionError,
    _lib.ERROR_NULL_POINTER: InternalError,
    _lib.ERROR_INTERNAL: InternalError,
    _lib.ERROR_UNAVAILABLE: UnavailableError,
}


def raise_for(status, message):
    """Raises the exception for a failed status; returns quietly for CSIM_OK."""
    if status == _lib.OK:
        return
    if status == _lib.ERROR_OUT_OF_MEMORY:
        raise MemoryError(message or "CSim: out of memory")
    cls = _BY_STATUS.get(status, InternalError)
    raise cls(message or _lib.status_name(status))
