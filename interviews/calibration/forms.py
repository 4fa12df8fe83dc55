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
