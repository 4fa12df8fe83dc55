"""Forms of peer practice: starting one, inviting the peer, and written practice."""

from django import forms

from config.forms import NameField
from interviews.models import InterviewPlan

READY = "ready"


class WrittenStartForm(forms.Form):
    """Which plan to answer in writing: the ready plan, or one of the person's own."""

    plan = forms.ChoiceField(label="Plan")

    def __init__(self, *args, plans=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.plans = {str(p.pk): p for p in plans}
        choices = [(READY, "The ready serverless plan (60 minutes)")]
        choices += [(pk, p.title) for pk, p in self.plans.items()]
        self.fields["plan"].choices = choices

    def chosen_plan(self) -> InterviewPlan | None:
        """The plan picked, or None for the ready plan."""
        return self.plans.get(self.cleaned_data["plan"])


class PracticeForm(forms.Form):
    peer_name = NameField(
        label="Your peer's name",
        max_length=150,
        error_messages={"required": "Enter your peer's name to start a practice session."},
    )
    peer_email = forms.EmailField(
        label="Their email (optional)",
        required=False,
        error_messages={
            "invalid": "Enter your peer's e-mail as name@example.com, or leave it empty."
        },
        help_text="We mail them the join link; they can also open it from the session page.",
    )
    split = forms.BooleanField(
        label="Split the plan in two halves and swap roles at half time",
        required=False,
        help_text="For one sitting: you ask the first half, then your peer asks you the second.",
    )


class InviteForm(forms.Form):
    email = forms.EmailField(
        label="Your peer's email",
        error_messages={"required": "Enter the address to send the join link to."},
    )
