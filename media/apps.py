from django.apps import AppConfig


class MediaConfig(AppConfig):
    name = "media"
    verbose_name = "Images and documents"

    def ready(self) -> None:
        from PIL import Image

        from media import images, signals

        # Pillow's own decompression-bomb guard, at our limit: it refuses an image
        # from its header, before decoding a single pixel (media.images checks too,
        # with a clearer message).
        Image.MAX_IMAGE_PIXELS = images.MAX_PIXELS
        signals.connect()
