"""Refusals shared by every capability: the message is shown to the person as it is."""


class InterviewError(ValueError):
    """A request the rules refuse; `status` is the HTTP status a view answers it with."""

    status = 422  # understood but refused: shown beside the control, never as an error page


class NotOnPanel(InterviewError):
    pass


class NotLead(InterviewError):
    status = 403


class ScorecardLocked(InterviewError):
    status = 409  # a conflict with the state of the scorecard, not a malformed request


class IncompleteScorecard(InterviewError):
    def __init__(self, missing: list[str]):
        self.missing = missing
        super().__init__("Not ready to submit: " + "; ".join(missing))


class UnstorableText(InterviewError):
    """Text holding a character no database here keeps: PostgreSQL refuses NUL in text and
    JSON (SQLite would store it silently, so the two defaults must refuse alike)."""

    def __init__(self, what: str):
        super().__init__(
            f"{what} contains a character that cannot be stored (U+0000, a NUL byte), usually "
            "from pasting binary data. Remove it and save again."
        )


def require_storable(text: str, *, what: str) -> str:
    if "\x00" in text:
        raise UnstorableText(what)
    return text
