"""WSGI entry point: `flask --app wsgi ...` and production servers import `app` from here."""
from portal import create_app

app = create_app()
