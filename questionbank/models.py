import re
from dataclasses import dataclass
from decimal import Decimal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MinValueValidator
from django.db import models
from django.utils import timezone

# Limits on free text, shown in every form that edits it. Generous for real questions (the
# shipped bank's longest prompt is about 500 characters, its longest guidance about 1,400) and
# small enough that a page that re-fetches every second never carries megabytes.
TITLE_MAX = 200
DESCRIPTION_MAX = 2000
PROMPT_MAX = 2000
GUIDANCE_MAX = 4000
CRITERION_DESCRIPTION_MAX = 1000
LIST_TEXT_MAX = 4000  # follow-ups and model-answer points, all lines together
RULE_SUMMARY_MAX = 200  # the one line beside every criterion in the console
RULE_DETAILS_MAX = 2000
GOLD_ANSWER_MAX = 20_000  # a long design transcript, and no more than a drill's
GOLD_WHY_MAX = 2000


class Category(models.TextChoices):
    TECHNICAL = "technical", "Technical"
    SCENARIO = "scenario", "Scenario"
    BEHAVIORAL = "behavioral", "Behavioral"
    SYSTEM_DESIGN = "system_design", "System design"


class Difficulty(models.TextChoices):
    EASY = "easy", "Easy"
    MEDIUM = "medium", "Medium"
    HARD = "hard", "Hard"


def summarise(prompt: str, limit: int = 160) -> str:
    """The prompt's opening sentence, whatever the line wrapping: what lists and plans show."""
    paragraph = " ".join(prompt.strip().split("\n\n", 1)[0].split())
    match = re.search(r"[.?!](\s|$)", paragraph)
    sentence = paragraph[: match.end()].strip() if match else paragraph
    return sentence if len(sentence) <= limit else sentence[: limit - 1].rstrip() + "…"


class PublishedRubricError(Exception):
    """Raised on any attempt to change a published rubric version in place."""


class QuestionSet(models.Model):
    """A bank of questions. With no organisation it is shared and read-only to everyone;
    an organisation edits its own sets, or a copy of a shared one."""

    slug = models.SlugField(max_length=80)
    title = models.CharField(max_length=200)
    description = models.TextField(blank=True, max_length=DESCRIPTION_MAX)
    organisation = models.ForeignKey(
        "accounts.Organisation",
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="question_sets",
    )
    # The rating scale every rubric of the set uses: [{"points", "label", "descriptor"}, ...].
    scale = models.JSONField(default=list)
    # Categories rated on a scale of their own, {"behavioral": [levels...]}; the rest use scale.
    scales = models.JSONField(default=dict, blank=True)
    # What caps a rating in a category whatever a criterion's anchors say, shown beside every
    # criterion in the console: {"technical": {"summary": "...", "details": "..."}}.
    rules = models.JSONField(default=dict, blank=True)
    copied_from = models.ForeignKey("self", null=True, blank=True, on_delete=models.SET_NULL)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["title"]
        constraints = [
            models.UniqueConstraint(fields=["organisation", "slug"], name="set_slug_unique_in_org"),
            models.UniqueConstraint(
                fields=["slug"],
                condition=models.Q(organisation__isnull=True),
                name="shared_set_slug_unique",
            ),
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def is_shared(self) -> bool:
        return self.organisation_id is None

    @property
    def max_points(self) -> int:
        return max((level["points"] for level in self.scale), default=0)

    def scale_for(self, category: str) -> list[dict]:
        """The scale a new rubric of this category is rated on."""
        return (self.scales or {}).get(category) or self.scale

    def rule_for(self, category: str) -> dict | None:
        return (self.rules or {}).get(category)


@dataclass(frozen=True)
class FollowUp:
    """A planned follow-up. One that names the element a criterion scores does not cap that
    rating: what it draws out counts as the candidate's own."""

    text: str
    names_element: bool = False


def follow_ups_of(items: list) -> list[FollowUp]:
    """Follow-ups as stored: a plain text, or {"text", "names_element"} for a non-capping one."""
    return [
        FollowUp(item["text"], bool(item.get("names_element")))
        if isinstance(item, dict)
        else FollowUp(item)
        for item in items or []
    ]


class Tag(models.Model):
    name = models.SlugField(max_length=50, unique=True)

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class QuestionQuerySet(models.QuerySet):
    def matching(self, filters: dict) -> "QuestionQuerySet":
        """The bank's filters (words, categories, difficulty, tag, set), as the bank pages and
        the plan builder's picker both apply them."""
        questions = self
        for word in filters.get("q", "").split():
            questions = questions.filter(
                models.Q(prompt__icontains=word) | models.Q(key__icontains=word)
            )
        if filters.get("category"):
            questions = questions.filter(category__in=filters["category"])
        if filters.get("difficulty"):
            questions = questions.filter(difficulty=filters["difficulty"])
        if filters.get("tag"):
            questions = questions.filter(tags__name=filters["tag"])
        if filters.get("set"):
            questions = questions.filter(question_set=filters["set"])
        return questions

    def in_bank_order(self) -> "QuestionQuerySet":
        """The organisation's own sets first, then the shared bank; sets by title, questions in
        their set's order."""
        return self.order_by(
            models.F("question_set__organisation_id").desc(nulls_last=True),
            "question_set__title",
            "position",
            "pk",
        )


class Question(models.Model):
    """What is asked. The prompt is all the candidate ever sees; guidance, follow-ups and model
    answer points are for the interviewer only. How it is scored lives in its rubric versions."""

    objects = QuestionQuerySet.as_manager()

    question_set = models.ForeignKey(
        QuestionSet, on_delete=models.CASCADE, related_name="questions"
    )
    key = models.SlugField(max_length=100)
    position = models.PositiveIntegerField(default=0)
    category = models.CharField(max_length=20, choices=Category.choices)
    difficulty = models.CharField(
        max_length=10, choices=Difficulty.choices, default=Difficulty.MEDIUM
    )
    minutes = models.PositiveSmallIntegerField(default=5, validators=[MinValueValidator(1)])
    tags = models.ManyToManyField(Tag, blank=True, related_name="questions")
    prompt = models.TextField(max_length=PROMPT_MAX)
    guidance = models.TextField(blank=True, max_length=GUIDANCE_MAX)
    follow_ups = models.JSONField(default=list, blank=True)
    model_answer = models.JSONField(default=list, blank=True)

    class Meta:
        ordering = ["question_set", "position", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["question_set", "key"], name="question_key_unique_in_set"
            )
        ]
        indexes = [models.Index(fields=["category", "difficulty"])]

    def __str__(self) -> str:
        return self.summary

    @property
    def summary(self) -> str:
        return summarise(self.prompt) or self.key

    @property
    def planned_follow_ups(self) -> list[FollowUp]:
        return follow_ups_of(self.follow_ups)

    def current_rubric(self) -> "RubricVersion | None":
        return (
            self.rubric_versions.filter(status=RubricVersion.Status.PUBLISHED)
            .order_by("-number")
            .first()
        )


class RubricVersion(models.Model):
    """One numbered version of a question's rubric.

    A published version is frozen: a session scored with it must keep meaning exactly what it
    meant that day. Editing makes a draft copy, published as the next number.
    """

    class Status(models.TextChoices):
        DRAFT = "draft", "Draft"
        PUBLISHED = "published", "Published"

    question = models.ForeignKey(Question, on_delete=models.CASCADE, related_name="rubric_versions")
    number = models.PositiveIntegerField()
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.DRAFT)
    # A copy of the set's scale when the version was made, so the version stands alone.
    scale = models.JSONField(default=list)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL
    )
    created_at = models.DateTimeField(auto_now_add=True)
    published_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["question", "number"]
        constraints = [
            models.UniqueConstraint(fields=["question", "number"], name="rubric_number_unique")
        ]

    def __str__(self) -> str:
        return f"{self.question.key} v{self.number}"

    @property
    def is_published(self) -> bool:
        return self.status == self.Status.PUBLISHED

    @property
    def max_points(self) -> int:
        return max((level["points"] for level in self.scale), default=0)

    def save(self, *args, **kwargs) -> None:
        if (
            self.pk
            and RubricVersion.objects.filter(pk=self.pk, status=self.Status.PUBLISHED).exists()
        ):
            raise PublishedRubricError(
                f"{self} is published and cannot be changed; revise it instead."
            )
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        if self.is_published:
            raise PublishedRubricError(f"{self} is published and cannot be deleted.")
        return super().delete(*args, **kwargs)

    def publish(self) -> None:
        """The only way a draft becomes published; after this, save() refuses."""
        if not self.criteria.exists():
            raise ValidationError("A rubric needs at least one criterion before it is published.")
        self.status = self.Status.PUBLISHED
        self.published_at = timezone.now()
        super().save(update_fields=["status", "published_at"])

    def levels_for(self, criterion: "Criterion") -> list[dict]:
        """The scale with this criterion's behavioural anchors in place of the generic text."""
        anchors = criterion.anchors or {}
        return [
            {**level, "descriptor": anchors.get(str(level["points"])) or level["descriptor"]}
            for level in self.scale
        ]


class _RubricRowQuerySet(models.QuerySet):
    """Bulk updates refuse rows of published versions, as save() and delete() do."""

    def update(self, **kwargs):
        if self.filter(rubric__status=RubricVersion.Status.PUBLISHED).exists():
            raise PublishedRubricError("Published rubric versions cannot be changed.")
        return super().update(**kwargs)


class _FrozenWithRubric(models.Model):
    """Rows that belong to a rubric version refuse changes once it is published."""

    objects = _RubricRowQuerySet.as_manager()

    class Meta:
        abstract = True

    def _check_draft(self) -> None:
        if RubricVersion.objects.filter(
            pk=self.rubric_id, status=RubricVersion.Status.PUBLISHED
        ).exists():
            raise PublishedRubricError("This rubric version is published and cannot be changed.")

    def save(self, *args, **kwargs) -> None:
        self._check_draft()
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        self._check_draft()
        return super().delete(*args, **kwargs)


class Criterion(_FrozenWithRubric):
    rubric = models.ForeignKey(RubricVersion, on_delete=models.CASCADE, related_name="criteria")
    position = models.PositiveIntegerField(default=0)
    title = models.CharField(max_length=200)
    description = models.TextField(blank=True, max_length=CRITERION_DESCRIPTION_MAX)
    weight = models.DecimalField(
        max_digits=6,
        decimal_places=2,
        default=Decimal("1"),
        validators=[MinValueValidator(Decimal("0.01"))],
    )
    # The exact heading of the guide section this criterion comes from: what to study.
    source = models.CharField(max_length=200, blank=True)
    # Behavioural anchors that replace the scale's descriptor at some levels: {"0": "...", ...}.
    anchors = models.JSONField(default=dict, blank=True)

    class Meta:
        ordering = ["rubric", "position", "id"]

    def __str__(self) -> str:
        return self.title


class RedFlag(_FrozenWithRubric):
    rubric = models.ForeignKey(RubricVersion, on_delete=models.CASCADE, related_name="red_flags")
    position = models.PositiveIntegerField(default=0)
    title = models.CharField(max_length=200)
    penalty = models.DecimalField(
        max_digits=5, decimal_places=2, validators=[MinValueValidator(Decimal("0.01"))]
    )

    class Meta:
        ordering = ["rubric", "position", "id"]

    def __str__(self) -> str:
        return self.title


class GoldAnswerQuerySet(models.QuerySet):
    def live(self) -> "GoldAnswerQuerySet":
        return self.filter(retired_at__isnull=True)


class GoldAnswer(models.Model):
    """A worked answer shipped with a bank, rated on every criterion of the rubric version it
    was written against, with why each level: what interviewers calibrate on.

    A gold answer is never edited: a bank load that changes one retires it and adds the new one,
    so a drill already scored on it keeps the reference it was compared with. It is no part of
    any session, so no report, agreement or percentile can count it.
    """

    objects = GoldAnswerQuerySet.as_manager()

    question = models.ForeignKey(Question, on_delete=models.CASCADE, related_name="gold_answers")
    rubric = models.ForeignKey(RubricVersion, on_delete=models.CASCADE, related_name="+")
    position = models.PositiveIntegerField(default=0)
    title = models.CharField(max_length=TITLE_MAX)
    answer = models.TextField(max_length=GOLD_ANSWER_MAX)
    # {criterion id: {"points": n, "why": "..."}} over every criterion of the rubric version.
    levels = models.JSONField(default=dict)
    created_at = models.DateTimeField(auto_now_add=True)
    retired_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["question", "position", "id"]
        indexes = [models.Index(fields=["question", "retired_at"])]

    def __str__(self) -> str:
        return f"{self.question.key}: {self.title}"

    @property
    def reference(self) -> dict[str, int]:
        return {key: level["points"] for key, level in self.levels.items()}

    @property
    def reasoning(self) -> dict[str, str]:
        return {key: level["why"] for key, level in self.levels.items()}
