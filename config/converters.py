"""Path converters shared by every app's URLs."""

ID_MAX = 2**63 - 1  # the largest primary key a bigint column holds


class IdConverter:
    """A primary key in a URL: digits that fit a bigint, else the URL does not match (404).

    One converter rather than a check in each view: an id past 64 bits would make SQLite (and
    raw SQL) fail instead of finding nothing, and a view can forget a check, a pattern cannot.
    """

    regex = "[0-9]{1,19}"

    def to_python(self, value: str) -> int:
        number = int(value)
        if not 0 < number <= ID_MAX:
            raise ValueError("not a row id")
        return number

    def to_url(self, value: int) -> str:
        return str(int(value))
