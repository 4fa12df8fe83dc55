"""The request id: taken from a proxy's X-Request-ID when it is safe to log, made up otherwise."""

import re
import uuid

HEADER = "X-Request-ID"
META_KEY = "HTTP_X_REQUEST_ID"
# Long enough for a UUID, a trace id or a proxy's own format; short and plain enough that a
# forged header can neither bloat nor break a log line.
_SAFE = re.compile(r"[A-Za-z0-9._:-]{1,128}")


def accept_or_generate(value: str | None) -> str:
    if value and _SAFE.fullmatch(value):
        return value
    return str(uuid.uuid4())
