from django import forms
from django.contrib.auth import forms as auth_forms
from django.contrib.auth import get_user_model, password_validation
from django.contrib.auth.forms import UsernameField
from django.template.loader import render_to_string

from accounts.models import Role
from config.forms import NameField
from outbox.services import mail_queue

User = get_user_model()


class SignupForm(forms.Form):
    username = UsernameField(max_length=150, help_text="Letters, digits and . + - _ only.")
    first_name = NameField(label="Your name", max_length=150, required=False)
    email = forms.EmailField()
    password = forms.CharField(widget=forms.PasswordInput, strip=False)

    def clean_username(self) -> str:
        username = self.cleaned_data["username"]
        User.username_validator(username)
        if User.objects.filter(username__iexact=username).exists():
            raise forms.ValidationError("That username is taken.")
        return username

    def clean_email(self) -> str:
        # No "already taken" error: that would tell anyone whether an address has an account.
        # The address's reader is mailed instead (services.email_verification_send).
        return self.cleaned_data["email"].lower()

    def clean(self):
        cleaned = super().clean()
        password = cleaned.get("password")
        if password:
            candidate = User(username=cleaned.get("username", ""), email=cleaned.get("email", ""))
            try:
                password_validation.validate_password(password, candidate)
            except forms.ValidationError as error:
                self.add_error("password", error)
        return cleaned


class InvitationForm(forms.Form):
    email = forms.EmailField(
        max_length=254,
        help_text="We mail them a link; they join only once they accept it.",
    )
    role = forms.ChoiceField(choices=Role.choices, initial=Role.INTERVIEWER)


class MemberRoleForm(forms.Form):
    role = forms.ChoiceField(choices=Role.choices)


class OrganisationForm(forms.Form):
    name = NameField(label="Team name", max_length=120)


class PasswordResetForm(auth_forms.PasswordResetForm):
    """Django's reset form, whose mail is kept and sent after the request like every other mail
    (Django's own sends it during the request and drops it when the server is down)."""

    def send_mail(
        self,
        subject_template_name,
        email_template_name,
        context,
        from_email,
        to_email,
        html_email_template_name=None,
    ) -> None:
        subject = "".join(render_to_string(subject_template_name, context).splitlines())
        body = render_to_string(email_template_name, context)
        mail_queue(kind="password_reset", to=to_email, subject=subject, body=body)
