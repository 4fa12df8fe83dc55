"""The JSON download: the stored data, every number recomputable from the file alone."""

import json


def report_json(data: dict, percentile: dict | None = None) -> dict:
    """The download: the stored data, plus the percentile on the plan for hiring sessions."""
    out = dict(data)
    if percentile is not None:
        out["percentile"] = percentile["value"]
        out["percentile_basis"] = {k: percentile[k] for k in ("below", "equal", "total")}
    return out


def json_text(data: dict, percentile: dict | None = None, *, indent: int | None = 2) -> str:
    return json.dumps(report_json(data, percentile), indent=indent, ensure_ascii=False)
