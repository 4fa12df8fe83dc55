"""Candidates and interview plans: what every session of a plan asks, in order."""

from decimal import Decimal

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.urls import reverse

from config.search import searchable
from questionbank.models import DESCRIPTION_MAX

_percent = [MinValueValidator(Decimal("0")), MaxValueValidator(Decimal("100"))]


class Candidate(models.Model):
    """A person being interviewed. Linked to an account when they sign in to read their reports."""

    organisation = models.ForeignKey(
        "accounts.Organisation", on_delete=models.CASCADE, related_name="candidates"
    )
    name = models.CharField(max_length=150)
    email = models.EmailField(blank=True)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="candidacies",
    )
    created_at = models.DateTimeField(auto_now_add=True)
    # Name and address as the candidates list's search reads them (config/search.py), kept in
    # step by save(): any case, any script, with or without accents.
    search_key = models.CharField(max_length=500, blank=True, editable=False)

    class Meta:
        ordering = ["name"]
        indexes = [models.Index(fields=["organisation", "name"])]

    def __str__(self) -> str:
        return self.name

    def save(self, *args, **kwargs):
        self.search_key = searchable(f"{self.name} {self.email}", limit=500)
        fields = kwargs.get("update_fields")
        if fields is not None and {"name", "email"} & set(fields):
            kwargs["update_fields"] = {*fields, "search_key"}
        super().save(*args, **kwargs)


class InterviewPlan(models.Model):
    """The same questions, in the same order, with the same budgets, for every candidate."""

    organisation = models.ForeignKey(
        "accounts.Organisation", on_delete=models.CASCADE, related_name="plans"
    )
    title = models.CharField(max_length=200)
    description = models.TextField(blank=True, max_length=DESCRIPTION_MAX)
    strong_hire_min = models.DecimalField(
        max_digits=5, decimal_places=2, default=85, validators=_percent
    )
    hire_min = models.DecimalField(max_digits=5, decimal_places=2, default=70, validators=_percent)
    lean_no_hire_min = models.DecimalField(
        max_digits=5, decimal_places=2, default=50, validators=_percent
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["title"]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("interviews:plan_detail", args=[self.pk])

    @property
    def thresholds(self) -> dict[str, str]:
        return {
            "strong_hire": str(self.strong_hire_min),
            "hire": str(self.hire_min),
            "lean_no_hire": str(self.lean_no_hire_min),
            "no_hire": "0",
        }


class PlanItem(models.Model):
    plan = models.ForeignKey(InterviewPlan, on_delete=models.CASCADE, related_name="items")
    question = models.ForeignKey(
        "questionbank.Question", on_delete=models.PROTECT, related_name="+"
    )
    position = models.PositiveIntegerField(default=0)
    minutes = models.PositiveSmallIntegerField(default=5, validators=[MinValueValidator(1)])
    weight = models.DecimalField(
        max_digits=5, decimal_places=2, default=1, validators=[MinValueValidator(Decimal("0.01"))]
    )

    class Meta:
        ordering = ["plan", "position", "id"]
        constraints = [
            models.UniqueConstraint(fields=["plan", "question"], name="question_once_per_plan")
        ]

    def __str__(self) -> str:
        return f"{self.plan} #{self.position + 1}"

    @property
    def kept_by(self) -> "InterviewPlan":
        """What a question or rubric this row protects from deletion is used by."""
        return self.plan
