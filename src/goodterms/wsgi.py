"""The WSGI application, for `goodterms serve` and for gunicorn in a deployment:

    gunicorn goodterms.wsgi:application
"""

from __future__ import annotations

import os

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "goodterms.settings")

from goodterms.store.setup import setup_django

setup_django()

from django.core.wsgi import get_wsgi_application  # noqa: E402

application = get_wsgi_application()
