"""The outbox: every mail Kring sends is first a row here, written in the transaction of the
change that caused it; the worker (`flask --app wsgi worker`) delivers the rows."""
