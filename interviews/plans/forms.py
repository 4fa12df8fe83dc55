from decimal import Decimal

from django import forms

from config.forms import NameField
from interviews.models import InterviewPlan
from interviews.plans.services import PLAN_MINUTES_MAX, PLAN_WEIGHT_MAX
from questionbank.bankfile import plain_number
from questionbank.models import DESCRIPTION_MAX

# Plans and candidates ----------------------------------------------------------------------------

NUMBER_ERRORS = ("required", "invalid", "min_value", "max_value")
BAND_ERROR = "Enter a score from 0 to 100, with at most two decimals."
MINUTES_ERROR = f"Minutes must be a whole number from 1 to {PLAN_MINUTES_MAX}."
WEIGHT_ERROR = f"Weight must be a positive number up to {PLAN_WEIGHT_MAX}, like 1 or 2.5."


def _band_field(label: str, help_text: str) -> forms.DecimalField:
    return forms.DecimalField(
        label=label,
        help_text=help_text,
        max_digits=5,
        decimal_places=2,
        min_value=Decimal(0),
        max_value=Decimal(100),
        error_messages=dict.fromkeys((*NUMBER_ERRORS, "max_digits"), BAND_ERROR),
        widget=forms.NumberInput(attrs={"step": "0.01", "min": "0", "max": "100"}),
    )


class PlanForm(forms.Form):
    title = NameField(
        max_length=200,
        help_text="For example: Backend engineer, onsite loop.",
        error_messages={"required": "Give the plan a title."},
    )
    description = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
        max_length=DESCRIPTION_MAX,
        help_text="Who the plan is for and what it covers; shown to the panel.",
    )
    strong_hire = _band_field("Strong hire from", "Overall score at or above this: strong hire.")
    hire = _band_field("Hire from", "At or above this, and below strong hire: hire.")
    lean_no_hire = _band_field(
        "Lean no hire from", "At or above this, and below hire: lean no hire. Lower: no hire."
    )

    @classmethod
    def for_plan(cls, plan: InterviewPlan | None, data=None) -> "PlanForm":
        plan = plan or InterviewPlan()
        initial = {
            "title": plan.title,
            "description": plan.description,
            "strong_hire": plain_number(Decimal(plan.strong_hire_min)),
            "hire": plain_number(Decimal(plan.hire_min)),
            "lean_no_hire": plain_number(Decimal(plan.lean_no_hire_min)),
        }
        return cls(data, initial=initial)

    def plan_fields(self) -> dict:
        data = self.cleaned_data
        return {
            "title": data["title"],
            "description": data["description"],
            "thresholds": {k: data[k] for k in ("strong_hire", "hire", "lean_no_hire")},
        }


class PlanItemForm(forms.Form):
    """Minutes and weight of one plan line; ids carry the item so each row's inputs are unique."""

    minutes = forms.IntegerField(
        min_value=1,
        max_value=PLAN_MINUTES_MAX,
        error_messages=dict.fromkeys(NUMBER_ERRORS, MINUTES_ERROR),
        widget=forms.NumberInput(attrs={"min": "1", "max": str(PLAN_MINUTES_MAX)}),
    )
    weight = forms.DecimalField(
        max_digits=5,
        decimal_places=2,
        min_value=Decimal("0.01"),
        max_value=PLAN_WEIGHT_MAX,
        error_messages={
            **dict.fromkeys((*NUMBER_ERRORS, "max_digits", "max_whole_digits"), WEIGHT_ERROR),
            "max_decimal_places": "Use at most two decimals for the weight.",
        },
        widget=forms.NumberInput(attrs={"step": "0.01", "min": "0.01"}),
    )

    @classmethod
    def for_item(cls, item, data=None) -> "PlanItemForm":
        return cls(
            data,
            auto_id=f"item{item.pk}-%s",
            initial={"minutes": item.minutes, "weight": plain_number(item.weight)},
        )

    def first_error(self) -> str:
        return next(iter(e for errors in self.errors.values() for e in errors), "")


class PlanItemAddForm(forms.Form):
    question = forms.IntegerField(
        min_value=1,
        error_messages=dict.fromkeys(NUMBER_ERRORS, "Choose a question to add."),
    )


class CandidateForm(forms.Form):
    name = NameField(max_length=150, error_messages={"required": "Enter the candidate's name."})
    email = forms.EmailField(
        required=False,
        help_text="Optional. With it, a candidate added twice stays one person, and they can read "
        "their reports once they sign in with this address.",
        error_messages={"invalid": "Enter an email address like casey@example.com."},
    )


class CandidateSearchForm(forms.Form):
    q = forms.CharField(label="Search", required=False, max_length=150)
