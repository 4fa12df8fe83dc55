"""The CSV download: one row per criterion rating, guarded against spreadsheet formulas."""

import csv
import io
from collections.abc import Iterable

from config.spreadsheet import safe_cell
from interviews.reports.formats.display import (
    interviewer_name,
    number,
    show,
    was_asked,
)

CSV_HEADER = [
    "session_id",
    "candidate",
    "plan",
    "date",
    "interviewer",
    "interviewer_username",
    "question_position",
    "question_key",
    "category",
    "question_weight",
    "criterion",
    "criterion_weight",
    "points",
    "max",
    "level",
    "question_score",
    "red_flag_penalty",
]


def csv_rows(data: dict) -> Iterable[list]:
    """One row per criterion per interviewer of the questions asked, with that interviewer's
    question score rounded as everywhere people read it (the JSON keeps it exact)."""
    session = data.get("session", {})
    panel = {q["id"]: q for q in data["questions"]}
    date = (session.get("submitted_at") or "")[:10]
    for card in data.get("interviewers", []):
        who = card["interviewer"]
        for question in card["questions"]:
            row = panel.get(question["id"], {})
            if not was_asked(row):
                continue
            levels = {c["id"]: c.get("levels", {}) for c in row.get("criteria", [])}
            penalty = sum(f["penalty"] for f in question["red_flags"])
            for criterion in question["criteria"]:
                level = (levels.get(criterion["id"]) or {}).get(who) or {}
                points = criterion["points"]
                yield [
                    session.get("id", ""),
                    safe_cell(session.get("candidate", {}).get("name", "")),
                    safe_cell(session.get("plan", {}).get("title", "")),
                    date,
                    safe_cell(interviewer_name(data, who)),
                    safe_cell(who),
                    row.get("position", ""),
                    row.get("key", ""),
                    question["category"],
                    number(question["weight"]),
                    safe_cell(criterion["title"]),
                    number(criterion["weight"]),
                    "" if points is None else points,
                    criterion["max"],
                    "Not assessed" if points is None else safe_cell(level.get("label", "")),
                    "" if question["score"] is None else show(question["score"]),
                    number(penalty),
                ]


def csv_text(data: dict) -> str:
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(CSV_HEADER)
    writer.writerows(csv_rows(data))
    return buffer.getvalue()
