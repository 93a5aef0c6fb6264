"""The web app: the same actions and engine as the CLI, by point and click."""
