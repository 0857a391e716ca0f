from django.apps import AppConfig


class JobsConfig(AppConfig):
    name = "jobs"
    verbose_name = "Background tasks"

    def ready(self) -> None:
        from jobs import checks  # noqa: F401
