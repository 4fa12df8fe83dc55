from django import forms

from questionbank.models import Category

WEEKDAYS = [
    (0, "Monday"),
    (1, "Tuesday"),
    (2, "Wednesday"),
    (3, "Thursday"),
    (4, "Friday"),
    (5, "Saturday"),
    (6, "Sunday"),
]


class ReminderPolicyForm(forms.Form):
    enabled = forms.BooleanField(required=False, label="Remind interviewers of missing scorecards")
    business_days = forms.TypedMultipleChoiceField(
        choices=WEEKDAYS,
        coerce=int,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        label="Business days",
        help_text="Daily reminders go out on these days only; the first one, an hour after the "
        "session, goes out whatever the day.",
    )
    daily_limit = forms.IntegerField(
        min_value=0,
        max_value=30,
        label="Daily reminders after the first",
        help_text="Reminders stop once the scorecard is submitted or the session is closed.",
    )


class DecisionForm(forms.Form):
    outcome = forms.ChoiceField(
        choices=[("advance", "Advance"), ("hold", "Hold"), ("reject", "Reject")],
        widget=forms.RadioSelect,
        label="Decision",
    )
    rationale = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 6}),
        max_length=4000,
        label="Rationale",
        help_text="What the decision rests on; cite the criteria below.",
    )
    evidence = forms.MultipleChoiceField(
        required=False,
        widget=forms.CheckboxSelectMultiple,
        label="Evidence from the report",
    )
    change_reason = forms.CharField(
        required=False,
        max_length=500,
        label="Why the decision changes",
        help_text="Required once a decision is on record: the earlier one stays in the history.",
    )

    def __init__(self, *args, evidence_choices=(), changing: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["evidence"].choices = list(evidence_choices)
        self.changing = changing
        if not changing:
            del self.fields["change_reason"]

    def clean_change_reason(self) -> str:
        reason = self.cleaned_data.get("change_reason", "").strip()
        if self.changing and not reason:
            raise forms.ValidationError("Say why the decision changes.")
        return reason


NOT_ASSESSED = "na"


def _level_choices(rubric, *, not_assessed: bool) -> list[tuple[str, str]]:
    choices = [(str(lv["points"]), f"{lv['points']} · {lv['label']}") for lv in rubric.scale]
    return [*choices, (NOT_ASSESSED, "Not assessed")] if not_assessed else choices


class DrillFilterForm(forms.Form):
    """The drills list's filter: what is left to score, and of which kind of question. A value
    the choices do not know is an error on the field, never a 500."""

    show = forms.ChoiceField(
        required=False,
        label="Show",
        choices=[("", "All drills"), ("todo", "Left to score"), ("scored", "Scored by me")],
    )
    category = forms.ChoiceField(
        required=False, label="Kind", choices=[("", "Any kind"), *Category.choices]
    )

    def apply(self, board: list, user) -> list:
        if not self.is_valid():
            return board
        show, category = self.cleaned_data["show"], self.cleaned_data["category"]
        if category:
            board = [d for d in board if d.question.category == category]
        if show == "scored":
            board = [d for d in board if d.scored_at]
        elif show == "todo":
            board = [d for d in board if not d.scored_at and d.created_by_id != user.pk]
        return board


class DrillQuestionForm(forms.Form):
    question = forms.ModelChoiceField(queryset=None, label="Question", empty_label="Choose one")

    def __init__(self, *args, questions=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["question"].queryset = questions


class DrillForm(forms.Form):
    """The gold answer: a transcript and, per criterion, the reference level and why."""

    title = forms.CharField(max_length=200, label="Title", help_text="E.g. “Solid but no DLQ”.")
    transcript = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 12}),
        max_length=20_000,
        label="The answer, as a transcript",
    )

    def __init__(self, *args, rubric, **kwargs):
        super().__init__(*args, **kwargs)
        self.criteria = list(rubric.criteria.order_by("position", "id"))
        for c in self.criteria:
            self.fields[f"level_{c.pk}"] = forms.TypedChoiceField(
                choices=[("", "Reference level"), *_level_choices(rubric, not_assessed=False)],
                coerce=int,
                label=f"{c.title}: reference level",
            )
            self.fields[f"why_{c.pk}"] = forms.CharField(
                required=False,
                max_length=2000,
                widget=forms.Textarea(attrs={"rows": 2}),
                label=f"{c.title}: why this level",
            )

    def reference(self) -> dict[int, int]:
        return {c.pk: self.cleaned_data[f"level_{c.pk}"] for c in self.criteria}

    def reasoning(self) -> dict[int, str]:
        return {c.pk: self.cleaned_data.get(f"why_{c.pk}", "") for c in self.criteria}


class DrillAttemptForm(forms.Form):
    """One level (or not assessed) per criterion, chosen blind."""

    def __init__(self, *args, rubric, **kwargs):
        super().__init__(*args, **kwargs)
        self.criteria = list(rubric.criteria.order_by("position", "id"))
        for c in self.criteria:
            self.fields[f"level_{c.pk}"] = forms.ChoiceField(
                choices=_level_choices(rubric, not_assessed=True),
                widget=forms.RadioSelect,
                label=c.title,
                error_messages={"required": "Choose a level, or not assessed."},
            )

    def ratings(self) -> dict[int, int | None]:
        chosen = {c.pk: self.cleaned_data[f"level_{c.pk}"] for c in self.criteria}
        return {pk: None if v == NOT_ASSESSED else int(v) for pk, v in chosen.items()}
