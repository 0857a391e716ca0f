"""Delete the login and throttling records that hold network addresses, once they are old enough.

``manage.py periodic`` queues the same work every few minutes; this runs it now.
"""

from django.conf import settings
from django.core.management.base import BaseCommand

from accounts import personal_data


class Command(BaseCommand):
    help = "Delete login records (with network addresses) older than NETWORK_ADDRESS_RETENTION_DAYS."

    def handle(self, *args, **options):
        deleted = personal_data.forget_network_addresses()
        self.stdout.write(
            self.style.SUCCESS(
                f"{deleted} record(s) older than {settings.NETWORK_ADDRESS_RETENTION_DAYS} days deleted."
            )
        )
