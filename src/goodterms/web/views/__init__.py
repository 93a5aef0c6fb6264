"""One module per page; each lists its own URLs in `urlpatterns`."""
