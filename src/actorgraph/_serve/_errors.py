"""The one error the HTTP layer raises: a status and a message safe to show a client."""

from __future__ import annotations

__all__ = ["HttpError"]


class HttpError(Exception):
    """An HTTP error answer: ``status``, a ``message`` for the client, extra ``headers``.

    The message is shown as it is, so it must never hold a path, a traceback or anything
    else of the server's internals; those go to the server log with the request id.
    """

    def __init__(self, status: int, message: str, headers: dict[str, str] | None = None):
        super().__init__(message)
        self.status = status
        self.message = message
        self.headers = dict(headers or {})
