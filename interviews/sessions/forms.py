from django import forms
from django.contrib.auth import get_user_model

from accounts.models import STAFF_ROLES
from config.converters import ID_MAX
from config.forms import NameField
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
    candidate_name = NameField(label="New candidate's name", max_length=150, required=False)
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
    lead = forms.ModelChoiceField(
        label="Lead interviewer",
        queryset=User.objects.none(),
        required=False,
        empty_label="— the first interviewer —",
        help_text="Only the lead's navigation moves the candidate's screen and the question clock.",
    )
    mode = forms.ChoiceField(
        choices=InterviewSession.Mode.choices, initial=InterviewSession.Mode.HIRING
    )
    scheduled_at = forms.DateTimeField(
        label="When", required=False, widget=forms.DateTimeInput(attrs={"type": "datetime-local"})
    )
    meeting_link = forms.URLField(label="Meeting link", required=False, assume_scheme="https")

    @classmethod
    def for_request(cls, request, *, organisation) -> "ScheduleForm":
        """Bound to a POST; otherwise me on the panel, the organisation's usual mode, and the
        plan or candidate a link preselected (the querysets keep anything outside the
        organisation from being chosen)."""
        initial = {
            "interviewers": [request.user.pk],
            "mode": InterviewSession.default_mode_for(organisation),
            "plan": request.GET.get("plan"),
            "candidate": request.GET.get("candidate"),
        }
        data = request.POST if request.method == "POST" else None
        return cls(data, organisation=organisation, initial=initial)

    def __init__(self, *args, organisation, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["plan"].queryset = organisation.plans.order_by("title")
        if not self.is_bound and not self.initial.get("plan"):  # the only plan: no choosing
            only = list(self.fields["plan"].queryset.values_list("pk", flat=True)[:2])
            if len(only) == 1:
                self.initial["plan"] = only[0]
        self.fields["candidate"].queryset = organisation.candidates.order_by("name")
        self.fields["interviewers"].queryset = User.objects.filter(
            memberships__organisation=organisation,
            memberships__role__in=STAFF_ROLES,
        ).order_by("username")
        self.fields["lead"].queryset = self.fields["interviewers"].queryset

    def clean(self):
        cleaned = super().clean()
        named = (cleaned.get("candidate_name") or "").strip() or self.has_error("candidate_name")
        if not cleaned.get("candidate") and not named:
            self.add_error("candidate_name", "Pick a candidate or enter a new candidate's name.")
        lead, panel = cleaned.get("lead"), list(cleaned.get("interviewers") or [])
        if lead and panel and lead not in panel:
            self.add_error("lead", "The lead must be one of the interviewers ticked above.")
        return cleaned


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
    confirm = forms.BooleanField(
        label="I have reviewed this scorecard; submit it and lock it.",
        error_messages={"required": "Tick the box to confirm: a submitted scorecard is locked."},
    )


class AmendForm(forms.Form):
    reason = forms.CharField(
        label="Why are you amending your submitted scorecard?",
        max_length=500,
        widget=forms.Textarea(attrs={"rows": 2, "maxlength": 500}),
        help_text="On the record with every change; the report gets a new version.",
        error_messages={"required": "Say why you are amending: it goes on the record."},
    )


class CancelForm(forms.Form):
    reason = forms.CharField(
        label="Reason",
        max_length=500,
        widget=forms.Textarea(attrs={"rows": 2, "maxlength": 500}),
        help_text="The candidate's screen says the interview was cancelled.",
        error_messages={"required": "Give a reason for cancelling."},
    )


class SessionEditForm(forms.Form):
    scheduled_at = forms.DateTimeField(
        label="When",
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
    )
    meeting_link = forms.URLField(label="Meeting link", required=False, assume_scheme="https")
    candidate_name = NameField(label="Candidate's name", max_length=150)

    @classmethod
    def for_session(cls, session: InterviewSession, data=None) -> "SessionEditForm":
        form = cls(
            data,
            initial={
                "scheduled_at": session.scheduled_at,
                "meeting_link": session.meeting_link,
                "candidate_name": session.candidate.name,
            },
        )
        if session.status != InterviewSession.Status.SCHEDULED:
            # Once it has started, only the candidate's name can still be corrected.
            for name in ("scheduled_at", "meeting_link"):
                form.fields[name].disabled = True
        return form
