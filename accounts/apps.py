from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "accounts"
    verbose_name = "Accounts and roles"

    def ready(self) -> None:
        from django.db.models.signals import post_migrate

        from accounts import roles

        # Permissions only exist once every app has migrated, so the role groups
        # are brought in line after each migrate rather than in a migration.
        post_migrate.connect(roles.sync_roles_after_migrate, sender=self)
