from django.apps import AppConfig


class ApiConfig(AppConfig):
    name = "goodterms.api"
    label = "api"
    verbose_name = "goodterms API"
    default_auto_field = "django.db.models.BigAutoField"
