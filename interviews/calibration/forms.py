from django import forms

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
