from django.apps import AppConfig


class StoreConfig(AppConfig):
    name = "goodterms.store"
    label = "goodterms"
    verbose_name = "goodterms"
    default_auto_field = "django.db.models.BigAutoField"
