"""Forms of the written practice."""

from django import forms

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
