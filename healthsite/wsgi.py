import gc
import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "healthsite.settings")

application = get_wsgi_application()

# What is loaded by now (Django, the apps, their modules and settings) lives as long
# as the process. Frozen, it is left out of the garbage collector's full collections,
# which otherwise walked all of it every few hundred requests: a few percent of a busy
# page's time. Each gunicorn worker imports this module after it starts, so every
# worker freezes its own copy.
gc.freeze()
