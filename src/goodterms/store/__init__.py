"""The Django app that stores networks: models, migrations and the actions that write."""
