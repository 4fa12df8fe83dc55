"""The bank file: YAML in, validated plain data out, and the same format back out.

Validation names the file, the line and the field of the first problem, so a person editing a
bank by hand can go straight to it. Nothing here touches the database.
"""

import re
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from pathlib import Path

import yaml

from questionbank import guide
from questionbank.models import (
    CRITERION_DESCRIPTION_MAX,
    DESCRIPTION_MAX,
    GOLD_ANSWER_MAX,
    GOLD_WHY_MAX,
    GUIDANCE_MAX,
    PROMPT_MAX,
    RULE_DETAILS_MAX,
    RULE_SUMMARY_MAX,
    TITLE_MAX,
    Category,
    Difficulty,
)

SLUG = re.compile(r"^[a-z0-9]+(?:[-_][a-z0-9]+)*$")

DEFAULT_SCALE = [
    {"points": 0, "label": "No evidence", "descriptor": "Nothing relevant was said or shown."},
    {
        "points": 1,
        "label": "Weak",
        "descriptor": "Fragments or misconceptions; needed heavy prompting.",
    },
    {"points": 2, "label": "Partial", "descriptor": "The main idea with gaps or imprecision."},
    {"points": 3, "label": "Solid", "descriptor": "Correct and complete for the role's level."},
    {
        "points": 4,
        "label": "Strong",
        "descriptor": "Complete, precise, with trade-offs and examples.",
    },
]

TOP_KEYS = {"slug", "title", "description", "scale", "scales", "questions"}
QUESTION_KEYS = {
    "key",
    "category",
    "difficulty",
    "minutes",
    "tags",
    "prompt",
    "guidance",
    "follow_ups",
    "model_answer",
    "criteria",
    "red_flags",
    "gold_answers",
}
CRITERION_KEYS = {"title", "weight", "source", "nearest", "description", "anchors"}
FLAG_KEYS = {"title", "penalty"}
LEVEL_KEYS = {"points", "label", "descriptor"}
CATEGORY_SCALE_KEYS = {"rule", "levels"}
RULE_KEYS = {"summary", "details"}
FOLLOW_UP_KEYS = {"text", "names_element"}
GOLD_KEYS = {"title", "answer", "levels"}
GOLD_LEVEL_KEYS = {"points", "why"}


class BankFileError(Exception):
    def __init__(self, path: str, line: int | None, field: str, message: str):
        self.path, self.line, self.field, self.message = path, line, field, message
        where = f"{path}:{line}" if line else path
        super().__init__(f"{where}: {field}: {message}")


@dataclass
class CriterionSpec:
    title: str
    weight: Decimal
    source: str
    description: str = ""
    anchors: dict[int, str] = field(default_factory=dict)

    @property
    def nearest(self) -> str:
        return guide.nearest_of(self.source)


@dataclass
class RedFlagSpec:
    title: str
    penalty: Decimal


@dataclass
class GoldLevelSpec:
    points: int
    why: str


@dataclass
class GoldAnswerSpec:
    """A worked answer and the level it deserves on each criterion, keyed by criterion title."""

    title: str
    answer: str
    levels: dict[str, GoldLevelSpec]


@dataclass
class QuestionSpec:
    key: str
    category: str
    prompt: str
    criteria: list[CriterionSpec]
    difficulty: str = Difficulty.MEDIUM
    minutes: int = 5
    tags: list[str] = field(default_factory=list)
    guidance: str = ""
    # A plain text, or {"text": ..., "names_element": True} for a follow-up that names the very
    # element a criterion scores, so what it draws out does not cap that rating.
    follow_ups: list[str | dict] = field(default_factory=list)
    model_answer: list[str] = field(default_factory=list)
    red_flags: list[RedFlagSpec] = field(default_factory=list)
    gold_answers: list[GoldAnswerSpec] = field(default_factory=list)


@dataclass
class BankSpec:
    slug: str
    title: str
    questions: list[QuestionSpec]
    description: str = ""
    scale: list[dict] = field(default_factory=lambda: [dict(level) for level in DEFAULT_SCALE])
    # A category's own scale, replacing ``scale`` for that category's questions.
    scales: dict[str, list[dict]] = field(default_factory=dict)
    # A category scale's prompting rule: {"technical": {"summary": ..., "details": ...}}.
    rules: dict[str, dict] = field(default_factory=dict)

    def scale_for(self, category: str) -> list[dict]:
        return self.scales.get(category) or self.scale


# Reading -----------------------------------------------------------------------------------------


class _Map(dict):
    """A mapping that remembers the line of itself and of each key."""

    line: int
    lines: dict


class _List(list):
    line: int


# libyaml's parser when PyYAML was built with it (the wheels are): ten times the pure-Python one's
# speed on the shipped bank, with the same marks for line numbers.
_SafeLoader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


class _Loader(_SafeLoader):
    path = "<bank>"

    def construct_mapping(self, node, deep=False):
        seen: dict = {}
        for key_node, _ in node.value:
            key = self.construct_object(key_node, deep=True)
            if key in seen:
                raise BankFileError(
                    self.path,
                    key_node.start_mark.line + 1,
                    str(key),
                    "duplicate key in the same mapping",
                )
            seen[key] = key_node.start_mark.line + 1
        result = _Map(super().construct_mapping(node, deep=True))
        result.line = node.start_mark.line + 1
        result.lines = seen
        return result

    def construct_sequence(self, node, deep=False):
        result = _List(super().construct_sequence(node, deep=True))
        result.line = node.start_mark.line + 1
        return result


_Loader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _Loader.construct_mapping)
_Loader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_SEQUENCE_TAG, _Loader.construct_sequence)


class _Reader:
    def __init__(self, path: str):
        self.path = path

    def fail(self, line, field_name, message):
        raise BankFileError(self.path, line, field_name, message)

    def mapping(self, value, where: str, line: int, allowed: set[str]) -> _Map:
        if not isinstance(value, dict):
            self.fail(getattr(value, "line", line), where, "must be a mapping of keys to values")
        for key in value:
            if key not in allowed:
                self.fail(
                    value.lines.get(key, value.line),
                    f"{where}.{key}" if where else str(key),
                    f"unknown field (expected one of: {', '.join(sorted(allowed))})",
                )
        return value

    def line_of(self, mapping: _Map, key: str) -> int:
        return mapping.lines.get(key, mapping.line)

    def text(
        self, mapping: _Map, key: str, where: str, *, required: bool, limit: int | None = None
    ) -> str:
        if key not in mapping or mapping[key] is None:
            if required:
                self.fail(mapping.line, f"{where}.{key}", "is required")
            return ""
        value = mapping[key]
        if not isinstance(value, str) or (required and not value.strip()):
            self.fail(self.line_of(mapping, key), f"{where}.{key}", "must be non-empty text")
        if limit is not None and len(value) > limit:
            self.fail(
                self.line_of(mapping, key),
                f"{where}.{key}",
                f"has {len(value)} characters; the limit is {limit}",
            )
        return value

    def number(self, mapping: _Map, key: str, where: str) -> Decimal:
        if key not in mapping:
            self.fail(mapping.line, f"{where}.{key}", "is required")
        value = mapping[key]
        if isinstance(value, bool) or not isinstance(value, (int, float)):
            self.fail(
                self.line_of(mapping, key),
                f"{where}.{key}",
                f"must be a positive number, not {value!r}",
            )
        try:
            number = Decimal(str(value))
        except InvalidOperation:  # pragma: no cover - floats always convert
            self.fail(self.line_of(mapping, key), f"{where}.{key}", "must be a number")
        if not number.is_finite() or number <= 0:
            self.fail(
                self.line_of(mapping, key),
                f"{where}.{key}",
                f"must be a positive number, not {value!r}",
            )
        if number != number.quantize(Decimal("0.01")):
            self.fail(self.line_of(mapping, key), f"{where}.{key}", "may have at most two decimals")
        return number

    def strings(self, mapping: _Map, key: str, where: str) -> list[str]:
        value = mapping.get(key) or []
        if not isinstance(value, list) or not all(
            isinstance(item, str) and item.strip() for item in value
        ):
            self.fail(
                self.line_of(mapping, key), f"{where}.{key}", "must be a list of non-empty texts"
            )
        return list(value)

    def bank(self, data) -> BankSpec:
        if not isinstance(data, dict) or "questions" not in data:
            self.fail(
                getattr(data, "line", 1),
                "questions",
                "this is not a bank file: expected a mapping with slug, title and questions",
            )
        self.mapping(data, "", 1, TOP_KEYS)
        slug = self.text(data, "slug", "bank", required=True)
        if not SLUG.match(slug):
            self.fail(
                self.line_of(data, "slug"), "slug", "use lowercase letters, digits and hyphens"
            )
        scale = self.scale(data)
        scales, rules = self.category_scales(data, len(scale))
        questions_raw = data["questions"]
        if not isinstance(questions_raw, list) or not questions_raw:
            self.fail(self.line_of(data, "questions"), "questions", "must be a non-empty list")
        max_points = {
            category: len(scales.get(category, scale)) - 1 for category in Category.values
        }
        questions, keys = [], {}
        for index, raw in enumerate(questions_raw):
            question = self.question(raw, index, self.line_of(data, "questions"), max_points)
            if question.key in keys:
                self.fail(
                    raw.lines.get("key", raw.line),
                    f"questions[{index}].key",
                    f"duplicate key {question.key!r} (first used on line {keys[question.key]})",
                )
            keys[question.key] = raw.lines.get("key", raw.line)
            questions.append(question)
        return BankSpec(
            slug=slug,
            title=self.text(data, "title", "bank", required=True, limit=TITLE_MAX).strip(),
            description=self.text(
                data, "description", "bank", required=False, limit=DESCRIPTION_MAX
            ).strip(),
            scale=scale,
            scales=scales,
            rules=rules,
            questions=questions,
        )

    def scale(self, data: _Map) -> list[dict]:
        if "scale" not in data:
            return [dict(level) for level in DEFAULT_SCALE]
        return self.levels(data["scale"], "scale", self.line_of(data, "scale"))

    def category_scales(self, data: _Map, count: int) -> tuple[dict, dict]:
        """Scales of their own for some categories, and the prompting rule of each that has one.

        Each has as many levels as the bank's scale, so a category's points mean as much of the
        maximum as every other category's. A scale is a list of levels, or a mapping with its
        `levels` and its `rule`: what caps a rating in that category whatever the criterion's
        anchors say, shown to the interviewer beside every criterion."""
        raw = data.get("scales")
        if raw is None:
            return {}, {}
        if not isinstance(raw, dict) or not raw:
            self.fail(
                self.line_of(data, "scales"), "scales", "must map categories to lists of levels"
            )
        scales, rules = {}, {}
        for category, value in raw.items():
            line = raw.lines.get(category, raw.line)
            where = f"scales.{category}"
            if category not in Category.values:
                self.fail(
                    line,
                    where,
                    f"unknown category (expected one of: {', '.join(Category.values)})",
                )
            levels = value
            if isinstance(value, dict):
                self.mapping(value, where, line, CATEGORY_SCALE_KEYS)
                if "levels" not in value:
                    self.fail(value.line, f"{where}.levels", "is required beside a rule")
                levels, line = value["levels"], self.line_of(value, "levels")
                if "rule" in value:
                    rules[category] = self.rule(value, where)
                where = f"{where}.levels"
            scales[category] = self.levels(levels, where, line)
            if len(scales[category]) != count:
                self.fail(
                    line,
                    where,
                    f"must have {count} levels, 0 to {count - 1}, like the bank's scale",
                )
        return (
            {category: scales[category] for category in Category.values if category in scales},
            {category: rules[category] for category in Category.values if category in rules},
        )

    def rule(self, scale: _Map, where: str) -> dict:
        raw = self.mapping(scale["rule"], f"{where}.rule", self.line_of(scale, "rule"), RULE_KEYS)
        summary = self.text(raw, "summary", f"{where}.rule", required=True, limit=RULE_SUMMARY_MAX)
        if "\n" in summary.strip():
            self.fail(
                self.line_of(raw, "summary"),
                f"{where}.rule.summary",
                "must be one line; put the rest in details",
            )
        details = self.text(raw, "details", f"{where}.rule", required=False, limit=RULE_DETAILS_MAX)
        rule = {"summary": summary.strip()}
        if details.strip():
            rule["details"] = details.strip()
        return rule

    def levels(self, raw, name: str, line: int) -> list[dict]:
        if not isinstance(raw, list) or len(raw) < 2:
            self.fail(getattr(raw, "line", line), name, "must list at least two levels")
        levels = []
        for index, level in enumerate(raw):
            where = f"{name}[{index}]"
            self.mapping(level, where, raw.line, LEVEL_KEYS)
            points = level.get("points")
            if isinstance(points, bool) or points != index:
                self.fail(
                    self.line_of(level, "points"),
                    f"{where}.points",
                    f"levels must count up from 0 in order; expected {index}",
                )
            levels.append(
                {
                    "points": index,
                    "label": self.text(level, "label", where, required=True).strip(),
                    "descriptor": self.text(level, "descriptor", where, required=True).strip(),
                }
            )
        return levels

    def question(self, raw, index: int, line: int, max_points: dict[str, int]) -> QuestionSpec:
        where = f"questions[{index}]"
        self.mapping(raw, where, line, QUESTION_KEYS)
        key = self.text(raw, "key", where, required=True)
        where = f"questions[{index}] ({key})"
        if not SLUG.match(key):
            self.fail(
                self.line_of(raw, "key"),
                f"{where}.key",
                "use lowercase letters, digits and hyphens",
            )
        category = self.text(raw, "category", where, required=True)
        if category not in Category.values:
            self.fail(
                self.line_of(raw, "category"),
                f"{where}.category",
                f"unknown category {category!r} (expected one of: {', '.join(Category.values)})",
            )
        difficulty = raw.get("difficulty", Difficulty.MEDIUM)
        if difficulty not in Difficulty.values:
            self.fail(
                self.line_of(raw, "difficulty"),
                f"{where}.difficulty",
                f"unknown difficulty {difficulty!r} "
                f"(expected one of: {', '.join(Difficulty.values)})",
            )
        minutes = raw.get("minutes", 5)
        if isinstance(minutes, bool) or not isinstance(minutes, int) or not 1 <= minutes <= 180:
            self.fail(
                self.line_of(raw, "minutes"),
                f"{where}.minutes",
                "must be whole minutes from 1 to 180",
            )
        tags = self.strings(raw, "tags", where)
        for tag in tags:
            if not SLUG.match(tag):
                self.fail(
                    self.line_of(raw, "tags"),
                    f"{where}.tags",
                    f"tag {tag!r}: use lowercase and hyphens",
                )
        criteria_raw = raw.get("criteria")
        if not isinstance(criteria_raw, list) or not criteria_raw:
            self.fail(
                self.line_of(raw, "criteria"), f"{where}.criteria", "must be a non-empty list"
            )
        criteria = [
            self.criterion(item, f"{where}.criteria[{n}]", criteria_raw.line, max_points[category])
            for n, item in enumerate(criteria_raw)
        ]
        flags_raw = raw.get("red_flags") or []
        if not isinstance(flags_raw, list):
            self.fail(self.line_of(raw, "red_flags"), f"{where}.red_flags", "must be a list")
        red_flags = []
        for n, item in enumerate(flags_raw):
            flag_where = f"{where}.red_flags[{n}]"
            self.mapping(item, flag_where, flags_raw.line, FLAG_KEYS)
            red_flags.append(
                RedFlagSpec(
                    title=self.text(
                        item, "title", flag_where, required=True, limit=TITLE_MAX
                    ).strip(),
                    penalty=self.number(item, "penalty", flag_where),
                )
            )
        gold_answers = self.gold_answers(raw, where, criteria, max_points[category])
        return QuestionSpec(
            key=key,
            category=category,
            difficulty=difficulty,
            minutes=minutes,
            tags=sorted(tags),  # a set: the database keeps no order
            prompt=self.text(raw, "prompt", where, required=True, limit=PROMPT_MAX).strip(),
            guidance=self.text(raw, "guidance", where, required=False, limit=GUIDANCE_MAX).strip(),
            follow_ups=self.follow_ups(raw, where),
            model_answer=self.strings(raw, "model_answer", where),
            criteria=criteria,
            red_flags=red_flags,
            gold_answers=gold_answers,
        )

    def follow_ups(self, raw: _Map, where: str) -> list[str | dict]:
        """Each a text, or `{text, names_element: true}` for one that names the element it
        scores: drawing that element out with it does not cap the rating."""
        items = raw.get("follow_ups") or []
        if not isinstance(items, list):
            self.fail(self.line_of(raw, "follow_ups"), f"{where}.follow_ups", "must be a list")
        found: list[str | dict] = []
        for n, item in enumerate(items):
            item_where = f"{where}.follow_ups[{n}]"
            if isinstance(item, str) and item.strip():
                found.append(item)
                continue
            if not isinstance(item, dict):
                self.fail(
                    getattr(item, "line", items.line),
                    item_where,
                    "must be a non-empty text or a mapping with text and names_element",
                )
            self.mapping(item, item_where, items.line, FOLLOW_UP_KEYS)
            text = self.text(item, "text", item_where, required=True)
            names_element = item.get("names_element", False)
            if not isinstance(names_element, bool):
                self.fail(
                    self.line_of(item, "names_element"),
                    f"{item_where}.names_element",
                    "must be true or false",
                )
            found.append({"text": text, "names_element": True} if names_element else text)
        return found

    def gold_answers(
        self, raw: _Map, where: str, criteria: list[CriterionSpec], max_points: int
    ) -> list[GoldAnswerSpec]:
        """Worked answers with the level each criterion deserves and why: calibration drills."""
        items = raw.get("gold_answers") or []
        if not isinstance(items, list):
            self.fail(self.line_of(raw, "gold_answers"), f"{where}.gold_answers", "must be a list")
        if not items:
            return []
        titles = [c.title for c in criteria]
        if len(set(titles)) != len(titles):
            self.fail(
                self.line_of(raw, "gold_answers"),
                f"{where}.gold_answers",
                "rate criteria by title, so the question's criterion titles must differ",
            )
        answers: list[GoldAnswerSpec] = []
        for n, item in enumerate(items):
            item_where = f"{where}.gold_answers[{n}]"
            self.mapping(item, item_where, items.line, GOLD_KEYS)
            title = self.text(item, "title", item_where, required=True, limit=TITLE_MAX).strip()
            if title in (a.title for a in answers):
                self.fail(
                    self.line_of(item, "title"),
                    f"{item_where}.title",
                    f"duplicate title {title!r}: each gold answer of a question has its own",
                )
            answer = self.text(item, "answer", item_where, required=True, limit=GOLD_ANSWER_MAX)
            answers.append(
                GoldAnswerSpec(
                    title=title,
                    answer=answer.strip(),
                    levels=self.gold_levels(item, item_where, titles, max_points),
                )
            )
        return answers

    def gold_levels(
        self, item: _Map, where: str, titles: list[str], max_points: int
    ) -> dict[str, GoldLevelSpec]:
        if "levels" not in item:
            self.fail(item.line, f"{where}.levels", "is required")
        raw = item["levels"]
        if not isinstance(raw, dict):
            self.fail(
                self.line_of(item, "levels"),
                f"{where}.levels",
                "must map every criterion title to its points and why",
            )
        levels = {}
        for title, value in raw.items():
            level_where = f"{where}.levels.{title}"
            line = raw.lines.get(title, raw.line)
            if title not in titles:
                self.fail(
                    line,
                    level_where,
                    "is not a criterion of this question (criteria: " + "; ".join(titles) + ")",
                )
            self.mapping(value, level_where, line, GOLD_LEVEL_KEYS)
            points = value.get("points")
            if (
                isinstance(points, bool)
                or not isinstance(points, int)
                or not 0 <= points <= max_points
            ):
                self.fail(
                    self.line_of(value, "points"),
                    f"{level_where}.points",
                    f"must be a level of the category's scale, 0 to {max_points}",
                )
            why = self.text(value, "why", level_where, required=True, limit=GOLD_WHY_MAX)
            levels[title] = GoldLevelSpec(points=points, why=why.strip())
        missing = [title for title in titles if title not in levels]
        if missing:
            self.fail(
                self.line_of(item, "levels"),
                f"{where}.levels",
                f"rates no level for: {'; '.join(missing)}",
            )
        # The criteria's order, whatever the file's: an export lists them as the rubric does.
        return {title: levels[title] for title in titles}

    def criterion(self, raw, where: str, line: int, max_points: int) -> CriterionSpec:
        self.mapping(raw, where, line, CRITERION_KEYS)
        anchors_raw = raw.get("anchors") or {}
        if not isinstance(anchors_raw, dict):
            self.fail(self.line_of(raw, "anchors"), f"{where}.anchors", "must map levels to texts")
        anchors = {}
        for level, text in anchors_raw.items():
            if (
                isinstance(level, bool)
                or not isinstance(level, int)
                or not 0 <= level <= max_points
            ):
                self.fail(
                    anchors_raw.lines.get(level, anchors_raw.line),
                    f"{where}.anchors",
                    f"level {level!r} is not on the scale 0..{max_points}",
                )
            if not isinstance(text, str) or not text.strip():
                self.fail(
                    anchors_raw.lines.get(level, anchors_raw.line),
                    f"{where}.anchors.{level}",
                    "must be non-empty text",
                )
            anchors[level] = text.strip()
        return CriterionSpec(
            title=self.text(raw, "title", where, required=True, limit=TITLE_MAX).strip(),
            weight=self.number(raw, "weight", where),
            source=self.source(raw, where),
            description=self.text(
                raw, "description", where, required=False, limit=CRITERION_DESCRIPTION_MAX
            ).strip(),
            anchors=dict(sorted(anchors.items())),
        )

    def source(self, raw: _Map, where: str) -> str:
        """The heading to study, or "beyond the guide" with the nearest heading beside it."""
        source = self.text(raw, "source", where, required=True).strip()
        nearest = self.text(raw, "nearest", where, required=False).strip()
        if source.lower() != guide.BEYOND_THE_GUIDE:
            if "nearest" in raw:
                self.fail(
                    self.line_of(raw, "nearest"),
                    f"{where}.nearest",
                    f"only a criterion whose source is {guide.BEYOND_THE_GUIDE!r} names one",
                )
            return source
        if not nearest:
            self.fail(
                self.line_of(raw, "source"),
                f"{where}.nearest",
                "is required beside 'beyond the guide': the guide heading closest to it",
            )
        if nearest not in guide.HEADINGS:
            self.fail(
                self.line_of(raw, "nearest"),
                f"{where}.nearest",
                f"{nearest!r} is not a heading of the guide (see questionbank/guide.py)",
            )
        return guide.beyond_the_guide(nearest)


def parse_bank(text: str, path: str = "<bank>") -> BankSpec:
    loader_class = type("_PathLoader", (_Loader,), {"path": path})
    try:
        data = yaml.load(text, Loader=loader_class)
    except BankFileError:
        raise
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        raise BankFileError(
            path, mark.line + 1 if mark else None, "yaml", f"malformed YAML: {exc.problem or exc}"
        ) from exc
    except yaml.YAMLError as exc:
        raise BankFileError(path, None, "yaml", f"malformed YAML: {exc}") from exc
    return _Reader(path).bank(data)


def read_bank(path: str | Path) -> BankSpec:
    path = Path(path)
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise BankFileError(str(path), None, "file", f"cannot be read: {exc}") from exc
    return parse_bank(text, str(path))


# Writing -----------------------------------------------------------------------------------------


def plain_number(value: Decimal) -> int | float:
    return int(value) if value == value.to_integral_value() else float(value)


class _Dumper(yaml.SafeDumper):
    """Writes lists indented under their key, as the shipped bank is written by hand."""

    def increase_indent(self, flow=False, indentless=False):
        return super().increase_indent(flow, False)

    # A short text stays on its line; only folded prose wraps, so no line looks wrapped by hand.
    def write_plain(self, text, split=True):
        super().write_plain(text, False)

    def write_single_quoted(self, text, split=True):
        super().write_single_quoted(text, False)

    def write_double_quoted(self, text, split=True):
        super().write_double_quoted(text, False)


class FlowList(list):
    """A short list written on one line, like ``tags: [events, faas]``."""


class LiteralText(str):
    """A text always written as a literal block (``|-``), however short: a gold answer's
    transcript, one line per paragraph."""


class FoldedText(str):
    """A text always written folded (``>-``), however short: a gold answer's why."""


# Prose is written as it is meant to be read: a text of several paragraphs as a literal block,
# one line per paragraph with a blank line between and code lines indented as they are; a long
# one-paragraph text folded, so the file wraps it and the stored text keeps no line breaks.
FOLD_LONGER_THAN = 80


def _represent_text(dumper, value: str):
    if "\n" in value:
        style = "|"
    elif len(value) > FOLD_LONGER_THAN and " " in value:
        style = ">"
    else:
        style = None
    return dumper.represent_scalar("tag:yaml.org,2002:str", value, style=style)


_Dumper.add_representer(str, _represent_text)
_Dumper.add_representer(
    LiteralText,
    lambda dumper, value: dumper.represent_scalar("tag:yaml.org,2002:str", value, style="|"),
)
_Dumper.add_representer(
    FoldedText,
    lambda dumper, value: dumper.represent_scalar("tag:yaml.org,2002:str", value, style=">"),
)
_Dumper.add_representer(
    FlowList,
    lambda dumper, value: dumper.represent_sequence(
        "tag:yaml.org,2002:seq", value, flow_style=True
    ),
)


def dump_bank(data: dict) -> str:
    # Folding breaks at the first space past the width, so aim well short of 100 columns.
    return yaml.dump(data, Dumper=_Dumper, sort_keys=False, allow_unicode=True, width=88)
