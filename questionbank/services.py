"""Workflows over the bank: loading and exporting bank files, revising and copying rubrics."""

from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import router, transaction
from django.db.models import Prefetch, ProtectedError
from django.db.models.deletion import Collector
from django.utils import timezone

from accounts.models import Organisation
from config.ordering import renumber, swap
from questionbank import guide
from questionbank.bankfile import (
    DEFAULT_SCALE,
    BankSpec,
    CriterionSpec,
    FlowList,
    FoldedText,
    GoldAnswerSpec,
    LiteralText,
    QuestionSpec,
    dump_bank,
    plain_number,
)
from questionbank.models import (
    Category,
    Criterion,
    GoldAnswer,
    Question,
    QuestionSet,
    RedFlag,
    RubricVersion,
    Tag,
)


@dataclass
class LoadResult:
    question_set: QuestionSet
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    versions_published: int = 0

    def __str__(self) -> str:
        return (
            f"Bank '{self.question_set.slug}': {self.created} new, {self.updated} updated, "
            f"{self.unchanged} unchanged questions; "
            f"{self.versions_published} rubric version"
            f"{'' if self.versions_published == 1 else 's'} published."
        )


def _rubric_shape(criteria, red_flags, scale) -> dict:
    """What a rubric means, independent of database ids: two equal shapes score the same."""
    return {
        "scale": [dict(level) for level in scale],
        "criteria": [
            {
                "title": c.title,
                "weight": plain_number(c.weight),
                "source": c.source,
                "description": c.description,
                "anchors": {int(k): v for k, v in (c.anchors or {}).items()},
            }
            for c in criteria
        ],
        "red_flags": [{"title": f.title, "penalty": plain_number(f.penalty)} for f in red_flags],
    }


def rubric_shape(rubric: RubricVersion) -> dict:
    return _rubric_shape(rubric.criteria.all(), rubric.red_flags.all(), rubric.scale)


def _question_fields(spec: QuestionSpec, position: int) -> dict:
    return {
        "position": position,
        "category": spec.category,
        "difficulty": spec.difficulty,
        "minutes": spec.minutes,
        "prompt": spec.prompt,
        "guidance": spec.guidance,
        "follow_ups": spec.follow_ups,
        "model_answer": spec.model_answer,
    }


def _tags(names: list[str]) -> list[Tag]:
    existing = {tag.name: tag for tag in Tag.objects.filter(name__in=names)}
    missing = [name for name in dict.fromkeys(names) if name not in existing]
    existing |= {tag.name: tag for tag in Tag.objects.bulk_create(Tag(name=n) for n in missing)}
    return [existing[name] for name in names]


def rubric_create(*, question: Question, criteria, red_flags, scale, user=None) -> RubricVersion:
    """Write a new numbered version and publish it at once."""
    last = (
        question.rubric_versions.order_by("-number").values_list("number", flat=True).first() or 0
    )
    rubric = RubricVersion.objects.create(
        question=question, number=last + 1, scale=scale, created_by=user
    )
    Criterion.objects.bulk_create(_criterion(rubric, n, c) for n, c in enumerate(criteria))
    RedFlag.objects.bulk_create(
        RedFlag(rubric=rubric, position=n, title=f.title, penalty=f.penalty)
        for n, f in enumerate(red_flags)
    )
    rubric.publish()
    return rubric


def _gold_shape(title: str, answer: str, levels: list[tuple[str, int, str]]) -> tuple:
    return (title, answer, tuple(levels))


def _stored_gold_shape(gold: GoldAnswer, criteria: list[Criterion]) -> tuple:
    levels = gold.levels
    return _gold_shape(
        gold.title,
        gold.answer,
        [
            (c.title, levels[str(c.pk)]["points"], levels[str(c.pk)]["why"])
            for c in criteria
            if str(c.pk) in levels
        ],
    )


def _spec_gold_shape(spec: GoldAnswerSpec) -> tuple:
    return _gold_shape(
        spec.title, spec.answer, [(t, lv.points, lv.why) for t, lv in spec.levels.items()]
    )


def _gold_answers_sync(
    *,
    question: Question,
    rubric: RubricVersion,
    wanted: list[GoldAnswerSpec],
    live: list[GoldAnswer],
) -> bool:
    """Make the question's live gold answers those of the file, rated against ``rubric``.

    An answer that is unchanged (same rubric version, text and levels) is kept, so a drill
    scored on it stays current; any other is retired, never edited, and the new one added.
    Returns whether anything changed.
    """
    criteria = list(rubric.criteria.order_by("position", "id"))
    keys = {(rubric.pk, c.title): str(c.pk) for c in criteria}
    current = {
        _stored_gold_shape(gold, criteria): gold for gold in live if gold.rubric_id == rubric.pk
    }
    kept, added, moved = set(), [], False
    for position, spec in enumerate(wanted):
        gold = current.get(_spec_gold_shape(spec))
        if gold is not None:
            kept.add(gold.pk)
            if gold.position != position:
                GoldAnswer.objects.filter(pk=gold.pk).update(position=position)
                moved = True
            continue
        added.append(_gold_answer(question, rubric, position, spec, keys))
    retired = [gold.pk for gold in live if gold.pk not in kept]
    if retired:
        GoldAnswer.objects.filter(pk__in=retired).update(retired_at=timezone.now())
    GoldAnswer.objects.bulk_create(added)
    return bool(added or retired or moved)


@transaction.atomic
def bank_load(*, spec: BankSpec, organisation: Organisation | None = None) -> LoadResult:
    """Create or update a bank from a parsed file: all or nothing, and a second load is a no-op.

    A question whose rubric differs from its current published version gets a new version; the
    old one stays untouched for the sessions that were scored with it.
    """
    question_set, created = QuestionSet.objects.get_or_create(
        slug=spec.slug,
        organisation=organisation,
        defaults={
            "title": spec.title,
            "description": spec.description,
            "scale": spec.scale,
            "scales": spec.scales,
            "rules": spec.rules,
        },
    )
    wanted_set = (spec.title, spec.description, spec.scale, spec.scales, spec.rules)
    if (
        not created
        and (
            question_set.title,
            question_set.description,
            question_set.scale,
            question_set.scales,
            question_set.rules,
        )
        != wanted_set
    ):
        (
            question_set.title,
            question_set.description,
            question_set.scale,
            question_set.scales,
            question_set.rules,
        ) = wanted_set
        question_set.save()
    result = LoadResult(question_set=question_set)
    existing = {
        q.key: q
        for q in question_set.questions.prefetch_related(
            "tags",
            Prefetch(
                "rubric_versions",
                queryset=RubricVersion.objects.filter(status=RubricVersion.Status.PUBLISHED)
                .order_by("-number")
                .prefetch_related("criteria", "red_flags"),
            ),
            Prefetch("gold_answers", queryset=GoldAnswer.objects.live()),
        )
    }
    new = [(n, spec_q) for n, spec_q in enumerate(spec.questions) if spec_q.key not in existing]
    result.created = result.versions_published = _questions_create(
        question_set=question_set, new=new, spec=spec
    )
    for position, spec_q in enumerate(spec.questions):
        fields = _question_fields(spec_q, position)
        question = existing.get(spec_q.key)
        changed = False
        if question is None:
            continue
        if any(getattr(question, name) != value for name, value in fields.items()):
            for name, value in fields.items():
                setattr(question, name, value)
            question.save()
            changed = True
        if question.pk and sorted(t.name for t in question.tags.all()) != sorted(spec_q.tags):
            question.tags.set(_tags(spec_q.tags))
            changed = True
        versions = list(question.rubric_versions.all())
        scale = spec.scale_for(spec_q.category)
        wanted = _rubric_shape(spec_q.criteria, spec_q.red_flags, scale)
        rubric = versions[0] if versions else None
        if rubric is None or rubric_shape(rubric) != wanted:
            rubric = rubric_create(
                question=question,
                criteria=spec_q.criteria,
                red_flags=spec_q.red_flags,
                scale=scale,
            )
            result.versions_published += 1
            changed = True
        live = list(question.gold_answers.all())
        if (spec_q.gold_answers or live) and _gold_answers_sync(
            question=question, rubric=rubric, wanted=spec_q.gold_answers, live=live
        ):
            changed = True
        result.updated += changed
        result.unchanged += not changed
    return result


def _questions_create(
    *, question_set: QuestionSet, new: list[tuple[int, QuestionSpec]], spec: BankSpec
) -> int:
    """The questions a set has never had, in a fixed number of statements however many there
    are (a first load writes the whole bank): the questions, their tags, version 1 of each
    rubric with its criteria and red flags, published together, and the gold answers rated
    against it. Returns how many questions were made."""
    if not new:
        return 0
    if not all(spec_q.criteria for _, spec_q in new):
        raise ValidationError("A rubric needs at least one criterion before it is published.")
    questions = Question.objects.bulk_create(
        Question(question_set=question_set, key=spec_q.key, **_question_fields(spec_q, n))
        for n, spec_q in new
    )
    specs = [spec_q for _, spec_q in new]
    tags = {tag.name: tag for tag in _tags(sorted({name for s in specs for name in s.tags}))}
    Question.tags.through.objects.bulk_create(
        Question.tags.through(question=question, tag=tags[name])
        for question, spec_q in zip(questions, specs, strict=True)
        for name in spec_q.tags
    )
    rubrics = RubricVersion.objects.bulk_create(
        RubricVersion(question=question, number=1, scale=spec.scale_for(spec_q.category))
        for question, spec_q in zip(questions, specs, strict=True)
    )
    criteria = Criterion.objects.bulk_create(
        _criterion(rubric, n, c)
        for rubric, spec_q in zip(rubrics, specs, strict=True)
        for n, c in enumerate(spec_q.criteria)
    )
    RedFlag.objects.bulk_create(
        RedFlag(rubric=rubric, position=n, title=f.title, penalty=f.penalty)
        for rubric, spec_q in zip(rubrics, specs, strict=True)
        for n, f in enumerate(spec_q.red_flags)
    )
    RubricVersion.objects.filter(pk__in=[rubric.pk for rubric in rubrics]).update(
        status=RubricVersion.Status.PUBLISHED, published_at=timezone.now()
    )
    keys = {(c.rubric_id, c.title): str(c.pk) for c in criteria}
    GoldAnswer.objects.bulk_create(
        _gold_answer(question, rubric, n, gold, keys)
        for question, rubric, spec_q in zip(questions, rubrics, specs, strict=True)
        for n, gold in enumerate(spec_q.gold_answers)
    )
    return len(questions)


def _criterion(rubric: RubricVersion, position: int, spec: CriterionSpec) -> Criterion:
    return Criterion(
        rubric=rubric,
        position=position,
        title=spec.title,
        weight=spec.weight,
        source=spec.source,
        description=spec.description,
        anchors={str(k): v for k, v in spec.anchors.items()},
    )


def _gold_answer(
    question: Question, rubric: RubricVersion, position: int, spec: GoldAnswerSpec, keys: dict
) -> GoldAnswer:
    """``keys`` maps (rubric id, criterion title) to the criterion's id, the levels' keys."""
    return GoldAnswer(
        question=question,
        rubric=rubric,
        position=position,
        title=spec.title,
        answer=spec.answer,
        levels={
            keys[rubric.pk, title]: {"points": level.points, "why": level.why}
            for title, level in spec.levels.items()
        },
    )


def _levels(scale: list[dict]) -> list[dict]:
    # PostgreSQL's jsonb keeps keys in its own order; the file keeps the order people read.
    return [{key: level[key] for key in ("points", "label", "descriptor")} for level in scale]


def bank_export(*, question_set: QuestionSet) -> str:
    """The set in the bank file format, each question with its latest published rubric."""
    questions = question_set.questions.prefetch_related(
        "tags",
        Prefetch(
            "rubric_versions",
            queryset=RubricVersion.objects.filter(status=RubricVersion.Status.PUBLISHED)
            .order_by("-number")
            .prefetch_related("criteria", "red_flags"),
        ),
        Prefetch("gold_answers", queryset=GoldAnswer.objects.live()),
    ).order_by("position", "id")
    data: dict = {"slug": question_set.slug, "title": question_set.title}
    if question_set.description:
        data["description"] = question_set.description
    data["scale"] = _levels(question_set.scale)
    if question_set.scales:
        data["scales"] = {
            category: _category_scale(question_set, category)
            for category in Category.values
            if category in question_set.scales
        }
    data["questions"] = []
    for question in questions:
        versions = list(question.rubric_versions.all())
        if not versions:
            continue  # a question still being written has nothing to export yet
        shape = rubric_shape(versions[0])
        item: dict = {
            "key": question.key,
            "category": question.category,
            "difficulty": question.difficulty,
            "minutes": question.minutes,
            "tags": FlowList(sorted(tag.name for tag in question.tags.all())),
            "prompt": question.prompt,
        }
        if question.guidance:
            item["guidance"] = question.guidance
        if question.follow_ups:
            item["follow_ups"] = [
                {"text": f.text, "names_element": True} if f.names_element else f.text
                for f in question.planned_follow_ups
            ]
        if question.model_answer:
            item["model_answer"] = question.model_answer
        item["criteria"] = []
        for criterion in shape["criteria"]:
            entry = {k: criterion[k] for k in ("title", "weight", "source")}
            if nearest := guide.nearest_of(criterion["source"]):
                entry["source"], entry["nearest"] = guide.BEYOND_THE_GUIDE, nearest
            if criterion["description"]:
                entry["description"] = criterion["description"]
            if criterion["anchors"]:
                entry["anchors"] = dict(sorted(criterion["anchors"].items()))
            item["criteria"].append(entry)
        if shape["red_flags"]:
            item["red_flags"] = shape["red_flags"]
        # Gold answers rated against an earlier version would name criteria it may no longer
        # have; only those rated against the exported one travel with it.
        golds = [g for g in question.gold_answers.all() if g.rubric_id == versions[0].pk]
        if golds:
            item["gold_answers"] = [_gold_entry(gold, versions[0].criteria.all()) for gold in golds]
        data["questions"].append(item)
    return dump_bank(data)


def _category_scale(question_set: QuestionSet, category: str) -> list[dict] | dict:
    levels = _levels(question_set.scales[category])
    rule = question_set.rule_for(category)
    if not rule:
        return levels
    written = {"summary": rule["summary"]}
    if rule.get("details"):
        written["details"] = rule["details"]
    return {"rule": written, "levels": levels}


def _gold_entry(gold: GoldAnswer, criteria) -> dict:
    levels = {}
    for criterion in criteria:
        level = gold.levels[str(criterion.pk)]
        levels[criterion.title] = {"points": level["points"], "why": FoldedText(level["why"])}
    return {"title": gold.title, "answer": LiteralText(gold.answer), "levels": levels}


@transaction.atomic
def rubric_revise(*, question: Question, user=None) -> RubricVersion:
    """The draft to edit: the existing one, or a fresh copy of the current published version."""
    draft = question.rubric_versions.filter(status=RubricVersion.Status.DRAFT).first()
    if draft:
        return draft
    current = question.current_rubric()
    last = (
        question.rubric_versions.order_by("-number").values_list("number", flat=True).first() or 0
    )
    draft = RubricVersion.objects.create(
        question=question,
        number=last + 1,
        scale=current.scale if current else question.question_set.scale_for(question.category),
        created_by=user,
    )
    if current:
        Criterion.objects.bulk_create(
            Criterion(
                rubric=draft,
                position=c.position,
                title=c.title,
                weight=c.weight,
                source=c.source,
                description=c.description,
                anchors=c.anchors,
            )
            for c in current.criteria.all()
        )
        RedFlag.objects.bulk_create(
            RedFlag(rubric=draft, position=f.position, title=f.title, penalty=f.penalty)
            for f in current.red_flags.all()
        )
    return draft


@transaction.atomic
def rubric_publish(*, rubric: RubricVersion) -> RubricVersion:
    rubric.publish()
    return rubric


@transaction.atomic
def question_set_copy(*, source: QuestionSet, organisation: Organisation, user=None) -> QuestionSet:
    """An organisation's own editable copy of a set, each rubric starting again at version 1.
    It is named for the organisation, so a picker listing both can tell them apart."""
    slug, n = source.slug, 1
    while QuestionSet.objects.filter(organisation=organisation, slug=slug).exists():
        n += 1
        slug = f"{source.slug}-{n}"
    title = f"{source.title} · {organisation.name}"
    copy = QuestionSet.objects.create(
        slug=slug,
        title=(title if n == 1 else f"{title} ({n})")[
            : QuestionSet._meta.get_field("title").max_length
        ],
        description=source.description,
        organisation=organisation,
        scale=source.scale,
        scales=source.scales,
        rules=source.rules,
        copied_from=source,
    )
    for question in source.questions.prefetch_related("tags").order_by("position", "id"):
        rubric = question.current_rubric()
        tags = list(question.tags.all())
        golds = list(question.gold_answers.live().filter(rubric=rubric)) if rubric else []
        question.pk = None
        question.question_set = copy
        question.save()
        question.tags.set(tags)
        if rubric:
            criteria = list(rubric.criteria.order_by("position", "id"))
            copied = rubric_create(
                question=question,
                criteria=[_spec_of(c) for c in criteria],
                red_flags=list(rubric.red_flags.all()),
                scale=rubric.scale,
                user=user,
            )
            _gold_answers_copy(golds, question, copied, criteria)
    return copy


def _gold_answers_copy(golds, question, rubric, criteria) -> None:
    """The gold answers again, rated against the copy's first version, criterion by criterion."""
    new_keys = {
        str(old.pk): str(new.pk)
        for old, new in zip(criteria, rubric.criteria.order_by("position", "id"), strict=True)
    }
    GoldAnswer.objects.bulk_create(
        GoldAnswer(
            question=question,
            rubric=rubric,
            position=gold.position,
            title=gold.title,
            answer=gold.answer,
            levels={new_keys[key]: dict(level) for key, level in gold.levels.items()},
        )
        for gold in golds
    )


def _spec_of(criterion: Criterion):
    return CriterionSpec(
        title=criterion.title,
        weight=criterion.weight,
        source=criterion.source,
        description=criterion.description,
        anchors={int(k): v for k, v in (criterion.anchors or {}).items()},
    )


# Editing an organisation's bank through the pages ------------------------------------------------

SCALE_MODEL_SLUG = "serverless"
ANCHOR_MAX_LENGTH = 500


class BankError(ValueError):
    """A change the bank's rules refuse; the message is shown to the person as it is."""


def _free_slug(*, organisation: Organisation, base: str) -> str:
    slug, n = base, 1
    while QuestionSet.objects.filter(organisation=organisation, slug=slug).exists():
        n += 1
        slug = f"{base}-{n}"
    return slug


@transaction.atomic
def question_set_create(
    *, organisation: Organisation, title: str, description: str = ""
) -> QuestionSet:
    """A new empty set rated on the shared serverless bank's scale, so its questions can sit in
    one plan beside the shared ones and their scores mean the same thing."""
    from django.utils.text import slugify

    model = QuestionSet.objects.filter(organisation__isnull=True, slug=SCALE_MODEL_SLUG).first()
    scale = model.scale if model and model.scale else DEFAULT_SCALE
    return QuestionSet.objects.create(
        organisation=organisation,
        slug=_free_slug(organisation=organisation, base=slugify(title)[:70] or "questions"),
        title=title.strip(),
        description=description.strip(),
        scale=[dict(level) for level in scale],
        scales=dict(model.scales) if model else {},
    )


@transaction.atomic
def question_create(*, question_set: QuestionSet, fields: dict, tags: list[str]) -> Question:
    """A question at the end of its set; it has no rubric until one is written and published."""
    last = question_set.questions.order_by("-position").values_list("position", flat=True).first()
    question = Question.objects.create(
        question_set=question_set, position=0 if last is None else last + 1, **fields
    )
    question.tags.set(_tags(tags))
    return question


@transaction.atomic
def question_update(*, question: Question, fields: dict, tags: list[str]) -> Question:
    for name, value in fields.items():
        setattr(question, name, value)
    question.save()
    question.tags.set(_tags(tags))
    return question


@transaction.atomic
def criterion_add(
    *, rubric: RubricVersion, title: str, weight, source: str, description: str = ""
) -> Criterion:
    last = rubric.criteria.order_by("-position").values_list("position", flat=True).first()
    return Criterion.objects.create(
        rubric=rubric,
        position=0 if last is None else last + 1,
        title=title,
        weight=weight,
        source=source,
        description=description,
    )


def _anchors_checked(anchors: dict[str, str], scale: list[dict]) -> dict[str, str]:
    """Anchor texts keyed by the points of a level on the scale; a blank one is dropped, so that
    level shows the scale's generic descriptor again."""
    levels = {str(level["points"]) for level in scale}
    unknown = sorted(set(anchors) - levels, key=str)
    if unknown:
        raise ValidationError(
            f"This rubric's scale has no level {', '.join(unknown)}; "
            f"anchors go on levels {', '.join(sorted(levels, key=int))}."
        )
    checked = {}
    for points, text in anchors.items():
        text = (text or "").strip()
        if len(text) > ANCHOR_MAX_LENGTH:
            raise ValidationError(
                f"The anchor for level {points} is {len(text)} characters long; "
                f"keep it to {ANCHOR_MAX_LENGTH} or fewer."
            )
        if text:
            checked[points] = text
    return dict(sorted(checked.items(), key=lambda item: int(item[0])))


@transaction.atomic
def criterion_update(
    *,
    criterion: Criterion,
    title: str,
    weight,
    source: str,
    description: str = "",
    anchors: dict[str, str] | None = None,
) -> Criterion:
    """Change what a criterion is and, when given, its anchors: every level of the scale at once,
    a blank text meaning the generic descriptor. Without anchors they stay as they are."""
    if anchors is not None:
        criterion.anchors = _anchors_checked(anchors, criterion.rubric.scale)
    criterion.title, criterion.weight = title, weight
    criterion.source, criterion.description = source, description
    criterion.save()
    return criterion


@transaction.atomic
def criterion_remove(*, criterion: Criterion) -> None:
    criterion.delete()


@transaction.atomic
def criterion_move(*, criterion: Criterion, offset: int) -> None:
    """Swap a criterion with its neighbour, renumbering the rubric's criteria 0..n-1."""
    rows = list(criterion.rubric.criteria.order_by("position", "id"))
    index = next(n for n, row in enumerate(rows) if row.pk == criterion.pk)
    # One save per row: a criterion's save refuses to touch a published rubric.
    for row in renumber(swap(rows, index, offset)):
        row.save(update_fields=["position"])


@transaction.atomic
def red_flag_add(*, rubric: RubricVersion, title: str, penalty) -> RedFlag:
    last = rubric.red_flags.order_by("-position").values_list("position", flat=True).first()
    return RedFlag.objects.create(
        rubric=rubric, position=0 if last is None else last + 1, title=title, penalty=penalty
    )


@transaction.atomic
def red_flag_update(*, red_flag: RedFlag, title: str, penalty) -> RedFlag:
    red_flag.title, red_flag.penalty = title, penalty
    red_flag.save()
    return red_flag


@transaction.atomic
def red_flag_remove(*, red_flag: RedFlag) -> None:
    red_flag.delete()


@transaction.atomic
def rubric_discard(*, rubric: RubricVersion) -> None:
    """Throw a draft away; a published version refuses (RubricVersion.delete raises)."""
    rubric.delete()


@transaction.atomic
def question_set_update(*, question_set: QuestionSet, title: str, description: str = "") -> None:
    """Rename a set; its slug stays, so exports and loads keep matching it."""
    question_set.title, question_set.description = title.strip(), description.strip()
    question_set.save(update_fields=["title", "description", "updated_at"])


def _questions_renumber(questions: list[Question]) -> None:
    for question in renumber(questions):
        question.save(update_fields=["position"])


def _set_questions_locked(question_set_id: int) -> list[Question]:
    # Locking the set row makes two moves in one set wait for each other rather than interleave.
    QuestionSet.objects.select_for_update().get(pk=question_set_id)
    return list(Question.objects.filter(question_set_id=question_set_id).order_by("position", "id"))


@transaction.atomic
def question_move(*, question: Question, offset: int) -> None:
    """Swap a question with its neighbour in the set, renumbering the set's questions 0..n-1."""
    questions = _set_questions_locked(question.question_set_id)
    index = next(n for n, row in enumerate(questions) if row.pk == question.pk)
    _questions_renumber(swap(questions, index, offset))


@dataclass
class QuestionUsage:
    """What keeps a question: whatever holds the rows whose foreign keys protect it.

    The bank does not know who uses its questions; it asks the database which rows refer to
    this one and lets each row say what it belongs to (`kept_by`, e.g. a plan or a session).
    """

    holders: list

    def __bool__(self) -> bool:
        return bool(self.holders)

    def groups(self) -> list[dict]:
        """One entry per kind of holder: its name, the holders, and whether each has a title."""
        kinds: dict[str, dict] = {}
        for holder in self.holders:
            meta = holder._meta
            kind = kinds.setdefault(
                meta.label,
                {"name": meta.verbose_name, "plural": meta.verbose_name_plural, "items": []},
            )
            kind["items"].append(holder)
        for kind in kinds.values():
            kind["titled"] = all(getattr(item, "title", "") for item in kind["items"])
        return list(kinds.values())

    def __str__(self) -> str:
        parts = []
        for kind in self.groups():
            items = kind["items"]
            if kind["titled"]:
                titles = ", ".join(f"“{item.title}”" for item in items)
                parts.append(f"the {kind['name'] if len(items) == 1 else kind['plural']} {titles}")
            else:
                parts.append(f"{len(items)} {kind['name'] if len(items) == 1 else kind['plural']}")
        return "it is used by " + " and ".join(parts)


def question_usage(*, question: Question) -> QuestionUsage:
    """What keeps a question from being deleted, found through the foreign keys that protect it."""
    collector = Collector(using=router.db_for_write(Question))
    try:
        collector.collect([question])
    except ProtectedError as error:
        protected = error.protected_objects
    else:
        protected = []
    holders = {}
    for row in protected:
        holder = getattr(row, "kept_by", row)
        holders[(holder._meta.label, holder.pk)] = holder
    return QuestionUsage(holders=list(holders.values()))


@transaction.atomic
def question_delete(*, question: Question) -> None:
    """Delete an unused question with its rubric versions; one a plan or session uses is kept."""
    pk, questions = question.pk, _set_questions_locked(question.question_set_id)
    usage = question_usage(question=question)
    if usage:
        raise BankError(f"“{question.key}” can't be deleted: {usage}.")
    try:
        with transaction.atomic():
            question.delete()
    except ProtectedError:
        raise BankError(
            f"“{question.key}” was just added to a plan or session, so it is kept."
        ) from None
    _questions_renumber([row for row in questions if row.pk != pk])
