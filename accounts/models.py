# Accounts use Django's built-in User; roles are groups (see accounts/roles.py).
from django.conf import settings
from django.db import models


class AccountAuditEntry(models.Model):
    """What a reader did with their own data: downloads, email changes, deletion.

    Holds no personal data of its own (counts and choices only), so it can be
    kept after the account is gone: that is the record that the deletion happened.
    """

    class Action(models.TextChoices):
        DATA_DOWNLOADED = "data_downloaded", "Downloaded their data"
        EMAIL_CHANGED = "email_changed", "Changed their email address"
        ACCOUNT_DELETED = "account_deleted", "Deleted their account"

    action = models.CharField(max_length=20, choices=Action.choices)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    # The account's number, kept when the account is deleted.
    account_number = models.PositiveBigIntegerField()
    details = models.JSONField(default=dict, blank=True)
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = "account audit entry"
        verbose_name_plural = "account audit log"

    def __str__(self) -> str:
        return f"Account {self.account_number}: {self.get_action_display().lower()}"
