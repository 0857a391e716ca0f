from django.conf import settings
from django.utils.cache import patch_cache_control
from django.views.decorators.http import require_safe
from django.views.static import serve


@require_safe
def serve_upload(request, path):
    """An uploaded file, served by Django (development, or a small site with
    DJANGO_SERVE_MEDIA=1; see docs/media.md for a web server or a bucket instead).

    Every stored name holds a hash of the file's content, so browsers may keep it for a year.
    """
    response = serve(request, path, document_root=settings.MEDIA_ROOT)
    patch_cache_control(response, public=True, max_age=31_536_000, immutable=True)
    return response
