"""Clients' faults are logged in one line, never as a server traceback.

The WebSocket layer (uvicorn) closes a connection whose text frame is not UTF-8 with code 1007
before the protocol sees the frame, and logs that with a traceback as if the server had failed.
``quiet_client_faults`` installs a filter that keeps the record as one warning line without the
traceback (docs/protocol.md, *Closes*). Idempotent; the app's lifespan calls it.
"""

from __future__ import annotations

import logging

CLIENT_FAULTS = ("Invalid UTF-8 sequence received from client",)
WEBSOCKET_LOGGER = "uvicorn.error"


class ClientFaultFilter(logging.Filter):
    def filter(self, record: logging.LogRecord) -> bool:
        if record.exc_info and str(record.msg).startswith(CLIENT_FAULTS):
            problem = record.exc_info[1]
            record.msg = f"{str(record.msg).strip()} ({type(problem).__name__}: {problem}); " \
                "the connection is closed (1007)"
            record.args = None
            record.exc_info = record.exc_text = None
            record.levelno, record.levelname = logging.WARNING, "WARNING"
        return True


def quiet_client_faults() -> None:
    logger = logging.getLogger(WEBSOCKET_LOGGER)
    if not any(isinstance(f, ClientFaultFilter) for f in logger.filters):
        logger.addFilter(ClientFaultFilter())
