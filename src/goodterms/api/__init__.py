"""The JSON API (django-ninja) and the calendar feed: per-user tokens, one error shape."""
