"""The "what do I do now?" page without a connection: a small service worker and a web app manifest."""
