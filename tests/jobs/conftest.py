from tests.mail_fakes import flaky_mail  # noqa: F401
from tests.queue_helpers import database_tasks  # noqa: F401
