from django.apps import AppConfig


class DigestConfig(AppConfig):
    name = "goodterms.digest"
    label = "digest"
    verbose_name = "goodterms digest"
    default_auto_field = "django.db.models.BigAutoField"
