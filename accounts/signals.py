"""What accounts announce to the apps built on them, so accounts never imports those apps."""

from django.dispatch import Signal

# Sent with `user` once the user has proved they read their e-mail address.
email_confirmed = Signal()
