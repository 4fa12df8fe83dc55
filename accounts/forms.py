from django import forms
from django.contrib.auth import get_user_model, password_validation
from django.contrib.auth.forms import UsernameField

from accounts.models import Role

User = get_user_model()


class SignupForm(forms.Form):
    username = UsernameField(max_length=150, help_text="Letters, digits and @ . + - _ only.")
    first_name = forms.CharField(label="Your name", max_length=150, required=False)
    email = forms.EmailField()
    password = forms.CharField(widget=forms.PasswordInput, strip=False)

    def clean_username(self) -> str:
        username = self.cleaned_data["username"]
        User.username_validator(username)
        if User.objects.filter(username__iexact=username).exists():
            raise forms.ValidationError("That username is taken.")
        return username

    def clean_email(self) -> str:
        email = self.cleaned_data["email"].lower()
        # Only a confirmed owner blocks the address: an unconfirmed sign-up cannot squat it.
        if User.objects.filter(email__iexact=email, email_verified_at__isnull=False).exists():
            raise forms.ValidationError(
                "An account with that email already exists. Sign in instead."
            )
        return email

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


class MemberAddForm(forms.Form):
    who = forms.CharField(label="Username or email", max_length=254)
    role = forms.ChoiceField(choices=Role.choices, initial=Role.INTERVIEWER)

    def clean_who(self):
        who = self.cleaned_data["who"].strip()
        user = (
            User.objects.filter(username__iexact=who).first()
            or User.objects.filter(email__iexact=who).first()
        )
        if user is None:
            raise forms.ValidationError(
                "No account with that username or email. Ask them to sign up first."
            )
        return user


class OrganisationForm(forms.Form):
    name = forms.CharField(label="Team name", max_length=120)
