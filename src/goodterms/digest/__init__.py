"""The daily digest: today's actions as a short email, sent through the user's SMTP server."""
