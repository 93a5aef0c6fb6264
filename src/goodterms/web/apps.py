from django.apps import AppConfig


class WebConfig(AppConfig):
    name = "goodterms.web"
    label = "web"
    verbose_name = "goodterms web"
    default_auto_field = "django.db.models.BigAutoField"
