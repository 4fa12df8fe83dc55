from decimal import Decimal

from django import forms
from django.utils.text import slugify

from questionbank.bankfile import SLUG, plain_number
from questionbank.guide import HEADINGS, MAJOR_SECTIONS, beyond_the_guide
from questionbank.models import (
    CRITERION_DESCRIPTION_MAX,
    DESCRIPTION_MAX,
    GUIDANCE_MAX,
    LIST_TEXT_MAX,
    PROMPT_MAX,
    Category,
    Difficulty,
    Question,
    QuestionSet,
    Tag,
    follow_ups_of,
)
from questionbank.services import ANCHOR_MAX_LENGTH

ANCHOR = "anchor_"

WEIGHT_ERROR = "Weight must be a positive number, like 1 or 2.5."
PENALTY_ERROR = "Penalty must be a positive number of points, from 0.01 to 100."


def _set_label(question_set: QuestionSet) -> str:
    """Whose set it is, so the shared original and a team's copy never read the same."""
    owner = question_set.organisation.name if question_set.organisation else "shared"
    return question_set.title if owner in question_set.title else f"{question_set.title} ({owner})"


class BankFilterForm(forms.Form):
    """The bank's filters, read from the query string; a value that does not fit is ignored."""

    q = forms.CharField(label="Search", required=False, max_length=200)
    category = forms.MultipleChoiceField(
        choices=Category.choices, required=False, widget=forms.CheckboxSelectMultiple
    )
    difficulty = forms.ChoiceField(
        choices=[("", "Any difficulty"), *Difficulty.choices], required=False
    )
    tag = forms.ChoiceField(required=False)
    set = forms.ModelChoiceField(
        queryset=QuestionSet.objects.none(), required=False, empty_label="All question sets"
    )

    def __init__(self, *args, sets, tags, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["set"].queryset = sets.select_related("organisation")
        self.fields["set"].label_from_instance = _set_label
        self.fields["tag"].choices = [("", "Any tag"), *((t, t) for t in tags)]

    def filters(self) -> dict:
        """The valid values only, so one bad parameter does not empty the whole page."""
        self.is_valid()
        return {name: value for name, value in self.cleaned_data.items() if value}


class QuestionSetForm(forms.Form):
    title = forms.CharField(max_length=200)
    description = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
        max_length=DESCRIPTION_MAX,
        help_text="What the set is for; shown on the bank page.",
    )

    @classmethod
    def for_question_set(cls, question_set: QuestionSet, data=None) -> "QuestionSetForm":
        return cls(
            data, initial={"title": question_set.title, "description": question_set.description}
        )

    def clean_title(self) -> str:
        title = self.cleaned_data["title"].strip()
        if not slugify(title):
            raise forms.ValidationError("Use at least one letter or digit in the title.")
        return title


def _lines(value: str) -> list[str]:
    return [line.strip() for line in value.splitlines() if line.strip()]


# A follow-up that names the element a criterion scores, written as a line of the text box.
NOT_CAPPING = "[does not cap]"


def follow_ups_text(items: list) -> str:
    return "\n".join(
        f"{NOT_CAPPING} {f.text}" if f.names_element else f.text for f in follow_ups_of(items)
    )


def follow_ups_parsed(text: str) -> list[str | dict]:
    found: list[str | dict] = []
    for line in _lines(text):
        if line.lower().startswith(NOT_CAPPING):
            rest = line[len(NOT_CAPPING) :].strip()
            if rest:
                found.append({"text": rest, "names_element": True})
        else:
            found.append(line)
    return found


class QuestionForm(forms.Form):
    key = forms.CharField(
        max_length=100,
        help_text="A short identifier, unique in the set: lowercase letters, digits and hyphens.",
    )
    category = forms.ChoiceField(choices=Category.choices)
    difficulty = forms.ChoiceField(choices=Difficulty.choices, initial=Difficulty.MEDIUM)
    minutes = forms.IntegerField(
        min_value=1,
        max_value=180,
        initial=5,
        error_messages={
            "min_value": "Minutes must be between 1 and 180.",
            "max_value": "Minutes must be between 1 and 180.",
        },
    )
    tags = forms.CharField(
        required=False, help_text="Comma-separated, for example: cold-starts, performance."
    )
    prompt = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 5}),
        max_length=PROMPT_MAX,
        help_text="What the candidate sees. The first line is the question's title in lists.",
    )
    guidance = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 5}),
        required=False,
        max_length=GUIDANCE_MAX,
        help_text="For the interviewer only: what to listen for and how to rate.",
    )
    follow_ups = forms.CharField(
        label="Follow-up questions",
        widget=forms.Textarea(attrs={"rows": 4}),
        required=False,
        max_length=LIST_TEXT_MAX,
        help_text=(
            f"One per line. Start a line with {NOT_CAPPING} when the follow-up names the element"
            " a criterion scores, so what it draws out counts in full."
        ),
    )
    model_answer = forms.CharField(
        label="Model-answer points",
        widget=forms.Textarea(attrs={"rows": 5}),
        required=False,
        max_length=LIST_TEXT_MAX,
        help_text="One point per line.",
    )

    def __init__(self, *args, question_set: QuestionSet, question: Question | None = None, **kw):
        self.question_set, self.question = question_set, question
        if question is not None and "initial" not in kw:
            kw["initial"] = {
                "key": question.key,
                "category": question.category,
                "difficulty": question.difficulty,
                "minutes": question.minutes,
                "tags": ", ".join(tag.name for tag in question.tags.all()),
                "prompt": question.prompt,
                "guidance": question.guidance,
                "follow_ups": follow_ups_text(question.follow_ups),
                "model_answer": "\n".join(question.model_answer),
            }
        super().__init__(*args, **kw)

    def clean_key(self) -> str:
        key = self.cleaned_data["key"].strip()
        if not SLUG.match(key):
            raise forms.ValidationError(
                "Use lowercase letters, digits and single hyphens, like cold-start-latency."
            )
        taken = self.question_set.questions.filter(key=key)
        if self.question is not None:
            taken = taken.exclude(pk=self.question.pk)
        if taken.exists():
            raise forms.ValidationError("Another question in this set already uses that key.")
        return key

    def clean_tags(self) -> list[str]:
        names = []
        for raw in self.cleaned_data["tags"].split(","):
            name = slugify(raw.strip())[: Tag._meta.get_field("name").max_length]
            if name and name not in names:
                names.append(name)
        return names

    def clean_follow_ups(self) -> list[str | dict]:
        return follow_ups_parsed(self.cleaned_data["follow_ups"])

    def clean_model_answer(self) -> list[str]:
        return _lines(self.cleaned_data["model_answer"])

    def question_fields(self) -> dict:
        return {k: v for k, v in self.cleaned_data.items() if k != "tags"}


def source_choices(current: str = "") -> list:
    """The guide's headings grouped by major section, then "beyond the guide" beside each
    nearest heading, plus the current value if it is none of these."""
    groups = [(major, [(h, h) for h in (major, *subs)]) for major, subs in MAJOR_SECTIONS]
    beyond = [
        (beyond_the_guide(h), f"Beyond the guide, nearest: {h}")
        for _, subs in MAJOR_SECTIONS
        for h in subs
    ]
    known = HEADINGS | {value for value, _ in beyond}
    extra = (
        [(current, f"{current} (not a guide heading)")] if current and current not in known else []
    )
    return [
        ("", "Choose the guide section…"),
        *extra,
        *groups,
        ("Not taught by the guide", beyond),
    ]


class CriterionForm(forms.Form):
    title = forms.CharField(max_length=200)
    weight = forms.DecimalField(
        max_digits=6,
        decimal_places=2,
        min_value=Decimal("0.01"),
        initial=1,
        error_messages={
            "required": WEIGHT_ERROR,
            "invalid": WEIGHT_ERROR,
            "min_value": WEIGHT_ERROR,
            "max_digits": "Weight must be below 10000.",
            "max_whole_digits": "Weight must be below 10000.",
            "max_decimal_places": "Use at most two decimals for the weight.",
        },
        widget=forms.NumberInput(attrs={"step": "0.01", "min": "0.01"}),
    )
    source = forms.ChoiceField(
        label="Study",
        error_messages={"required": "Choose the guide section this criterion comes from."},
    )
    description = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 2}),
        required=False,
        max_length=CRITERION_DESCRIPTION_MAX,
    )

    def __init__(self, *args, scale: list[dict] | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        # The row's own source stays choosable even if it is not a guide heading; nothing else.
        self.fields["source"].choices = source_choices(self.initial.get("source", ""))
        for level in scale or []:
            self.fields[f"{ANCHOR}{level['points']}"] = forms.CharField(
                label=f"{level['points']} · {level['label']}",
                required=False,
                max_length=ANCHOR_MAX_LENGTH,
                error_messages={
                    "max_length": f"Keep an anchor to {ANCHOR_MAX_LENGTH} characters or fewer "
                    "(this one has %(show_value)d)."
                },
                widget=forms.Textarea(
                    attrs={
                        "rows": 2,
                        "class": "anchor-input",
                        "placeholder": level["descriptor"],
                    }
                ),
            )

    @classmethod
    def for_criterion(cls, criterion, data=None, *, scale: list[dict]) -> "CriterionForm":
        anchors = criterion.anchors or {}
        return cls(
            data,
            prefix=f"c{criterion.pk}",
            scale=scale,
            initial={
                "title": criterion.title,
                "weight": plain_number(criterion.weight),
                "source": criterion.source,
                "description": criterion.description,
                **{f"{ANCHOR}{points}": text for points, text in anchors.items()},
            },
        )

    def anchor_fields(self) -> list:
        return [self[name] for name in self.fields if name.startswith(ANCHOR)]

    def criterion_fields(self) -> dict:
        return {k: v for k, v in self.cleaned_data.items() if not k.startswith(ANCHOR)}

    def anchors(self) -> dict[str, str]:
        """Level points to anchor text, blanks included: a blank level uses the scale's text."""
        return {
            name.removeprefix(ANCHOR): text
            for name, text in self.cleaned_data.items()
            if name.startswith(ANCHOR)
        }


class RedFlagForm(forms.Form):
    title = forms.CharField(max_length=200)
    penalty = forms.DecimalField(
        max_digits=5,
        decimal_places=2,
        min_value=Decimal("0.01"),
        max_value=Decimal("100"),
        error_messages={
            "required": PENALTY_ERROR,
            "invalid": PENALTY_ERROR,
            "min_value": PENALTY_ERROR,
            "max_value": PENALTY_ERROR,
            "max_digits": PENALTY_ERROR,
            "max_whole_digits": PENALTY_ERROR,
            "max_decimal_places": "Use at most two decimals for the penalty.",
        },
        widget=forms.NumberInput(attrs={"step": "0.01", "min": "0.01", "max": "100"}),
    )

    @classmethod
    def for_red_flag(cls, red_flag, data=None) -> "RedFlagForm":
        return cls(
            data,
            prefix=f"f{red_flag.pk}",
            initial={"title": red_flag.title, "penalty": plain_number(red_flag.penalty)},
        )
