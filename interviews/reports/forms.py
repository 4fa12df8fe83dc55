"""The reports list's filter bar."""

from django import forms

from accounts.models import STAFF_ROLES, Membership
from interviews.models import BAND_LABELS, BAND_ORDER, Candidate, InterviewPlan


class ReportFilterForm(forms.Form):
    """The filter bar. Every field is optional; a bad value is reported, never a 500."""

    q = forms.CharField(required=False, max_length=100, label="Search")
    candidate = forms.ModelChoiceField(queryset=Candidate.objects.none(), required=False)
    plan = forms.ModelChoiceField(queryset=InterviewPlan.objects.none(), required=False)
    interviewer = forms.ModelChoiceField(queryset=Membership.objects.none(), required=False)
    date_from = forms.DateField(
        required=False, label="From", widget=forms.DateInput(attrs={"type": "date"})
    )
    date_to = forms.DateField(
        required=False, label="To", widget=forms.DateInput(attrs={"type": "date"})
    )
    band = forms.ChoiceField(
        required=False,
        choices=[("", "Any band"), *((b, BAND_LABELS[b]) for b in BAND_ORDER)],
    )
    score_min = forms.DecimalField(
        required=False, min_value=0, max_value=100, decimal_places=1, label="Score from"
    )
    score_max = forms.DecimalField(
        required=False, min_value=0, max_value=100, decimal_places=1, label="Score to"
    )

    def __init__(self, data, *, membership: Membership | None):
        super().__init__(data)
        self.staff = membership is not None
        if membership is None:
            for name in ("candidate", "plan", "interviewer"):
                del self.fields[name]
            return
        org = membership.organisation
        self.fields["candidate"].queryset = Candidate.objects.filter(organisation=org).only(
            "pk", "name"
        )
        self.fields["plan"].queryset = InterviewPlan.objects.filter(organisation=org).only(
            "pk", "title"
        )
        self.fields["interviewer"].queryset = (
            Membership.objects.filter(organisation=org, role__in=STAFF_ROLES)
            .select_related("user")
            .order_by("user__first_name", "user__username")
        )
        self.fields["interviewer"].label_from_instance = lambda m: str(m.user)
        # The bar renders options from plain tuples: the widget machinery costs a template
        # render per option, most of the page's time with a few hundred candidates.
        self.options = {
            "candidate": list(Candidate.objects.filter(organisation=org).values_list("pk", "name")),
            "plan": list(InterviewPlan.objects.filter(organisation=org).values_list("pk", "title")),
            "interviewer": [(m.pk, str(m.user)) for m in self.fields["interviewer"].queryset],
        }

    def options_for(self, name: str) -> list[dict]:
        """A select's options with the chosen one marked, for the template to loop over."""
        chosen = str(self.data.get(name) or "")
        return [
            {"value": pk, "label": label, "selected": str(pk) == chosen}
            for pk, label in self.options.get(name, [])
        ]

    @property
    def candidate_options(self) -> list[dict]:
        return self.options_for("candidate")

    @property
    def plan_options(self) -> list[dict]:
        return self.options_for("plan")

    @property
    def interviewer_options(self) -> list[dict]:
        return self.options_for("interviewer")

    def clean(self) -> dict:
        data = super().clean()
        low, high = data.get("score_min"), data.get("score_max")
        if low is not None and high is not None and low > high:
            raise forms.ValidationError("The lowest score must not be above the highest.")
        start, end = data.get("date_from"), data.get("date_to")
        if start and end and start > end:
            raise forms.ValidationError("The start date must not be after the end date.")
        return data


class RegradeRequestForm(forms.Form):
    criterion = forms.ChoiceField(label="Criterion to look at again")
    reason = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 4}),
        max_length=2000,
        label="Why the rating should change",
        help_text="Point at what you said or did that the rating missed.",
    )

    def __init__(self, *args, choices=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["criterion"].choices = [("", "Choose a criterion"), *choices]

    def clean_criterion(self) -> tuple[int, int]:
        question, _, criterion = self.cleaned_data["criterion"].partition(":")
        return int(question), int(criterion)


class RegradeAnswerForm(forms.Form):
    answer = forms.ChoiceField(
        choices=[("accept", "Accept: the interviewers amend the rating"), ("decline", "Decline")],
        widget=forms.RadioSelect,
        label="Answer",
    )
    response = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=1000,
        label="Reason",
        help_text="The candidate reads it on their report.",
    )


class WhatIfForm(forms.Form):
    """Band thresholds to try and drafts to score with; every field has the plan's value."""

    strong_hire = forms.DecimalField(
        min_value=0, max_value=100, decimal_places=2, label="Strong hire from"
    )
    hire = forms.DecimalField(min_value=0, max_value=100, decimal_places=2, label="Hire from")
    lean_no_hire = forms.DecimalField(
        min_value=0, max_value=100, decimal_places=2, label="Lean no hire from"
    )
    drafts = forms.MultipleChoiceField(
        required=False, widget=forms.CheckboxSelectMultiple, label="Score with the draft rubric of"
    )

    def __init__(self, *args, drafts=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["drafts"].choices = [
            (str(d.pk), f"{d.question.summary} (draft v{d.number})") for d in drafts
        ]

    def clean(self):
        data = super().clean()
        values = [data.get(k) for k in ("strong_hire", "hire", "lean_no_hire")]
        if None not in values and not values[0] >= values[1] >= values[2]:
            raise forms.ValidationError(
                "Thresholds must go down: strong hire ≥ hire ≥ lean no hire."
            )
        return data
