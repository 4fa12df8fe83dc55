from django import forms


class PracticeForm(forms.Form):
    peer_name = forms.CharField(
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
