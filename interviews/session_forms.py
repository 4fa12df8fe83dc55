from django import forms
from django.contrib.auth import get_user_model

from accounts.access import ID_MAX
from accounts.models import Role
from interviews.models import (
    SUMMARY_MAX,
    Candidate,
    InterviewPlan,
    InterviewSession,
    Recommendation,
)

User = get_user_model()


class PanelField(forms.ModelMultipleChoiceField):
    """Refuses an id no row could have before it reaches SQL (SQLite fails on one past 64 bits)."""

    def clean(self, value):
        for pk in value or ():
            if not str(pk).isdigit() or int(pk) > ID_MAX:
                raise forms.ValidationError(
                    self.error_messages["invalid_pk_value"],
                    code="invalid_pk_value",
                    params={"pk": pk},
                )
        return super().clean(value)


class ScheduleForm(forms.Form):
    plan = forms.ModelChoiceField(queryset=InterviewPlan.objects.none())
    candidate = forms.ModelChoiceField(
        queryset=Candidate.objects.none(), required=False, empty_label="— a new candidate —"
    )
    candidate_name = forms.CharField(label="New candidate's name", max_length=150, required=False)
    candidate_email = forms.EmailField(
        label="New candidate's email",
        required=False,
        help_text="With an account on this email they can read their report.",
    )
    interviewers = PanelField(
        queryset=User.objects.none(),
        widget=forms.CheckboxSelectMultiple,
        help_text="Each interviewer scores independently on their own scorecard.",
    )
    mode = forms.ChoiceField(
        choices=InterviewSession.Mode.choices, initial=InterviewSession.Mode.HIRING
    )
    scheduled_at = forms.DateTimeField(
        label="When", required=False, widget=forms.DateTimeInput(attrs={"type": "datetime-local"})
    )
    meeting_link = forms.URLField(label="Meeting link", required=False, assume_scheme="https")

    def __init__(self, *args, organisation, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["plan"].queryset = organisation.plans.order_by("title")
        self.fields["candidate"].queryset = organisation.candidates.order_by("name")
        self.fields["interviewers"].queryset = User.objects.filter(
            memberships__organisation=organisation,
            memberships__role__in=(Role.OWNER, Role.INTERVIEWER),
        ).order_by("username")

    def clean(self):
        cleaned = super().clean()
        if not cleaned.get("candidate") and not (cleaned.get("candidate_name") or "").strip():
            self.add_error("candidate_name", "Pick a candidate or enter a new candidate's name.")
        return cleaned


class PracticeForm(forms.Form):
    peer_name = forms.CharField(label="Your peer's name", max_length=150)
    peer_email = forms.EmailField(
        label="Their email (optional)",
        required=False,
        help_text="If they have an account with this email, they can read the report afterwards.",
    )


class SubmitForm(forms.Form):
    recommendation = forms.ChoiceField(
        choices=Recommendation.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Choose your overall recommendation."},
    )
    summary = forms.CharField(
        label="Summary for the report (optional)",
        required=False,
        max_length=SUMMARY_MAX,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
