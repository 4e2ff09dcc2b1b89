"""Security headers on every response, error pages included (after_request runs for the
responses of error handlers too; tests/test_headers.py checks 404, 500, 429 and CSRF pages).

The CSP allows no inline script or style at all: templates use the one stylesheet and, where a
page needs JavaScript, a file under /static. Images may be data: URIs (the two-factor QR code).
"""
from __future__ import annotations

from flask import Flask, Response, request

CONTENT_SECURITY_POLICY = (
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
    "font-src 'self'; connect-src 'self'; form-action 'self'; frame-ancestors 'none'; "
    "base-uri 'none'; object-src 'none'"
)


def register_security_headers(app: Flask) -> None:
    @app.after_request
    def set_headers(response: Response) -> Response:
        headers = response.headers
        headers.setdefault("Content-Security-Policy", CONTENT_SECURITY_POLICY)
        headers.setdefault("X-Frame-Options", "DENY")
        headers.setdefault("X-Content-Type-Options", "nosniff")
        headers.setdefault("Referrer-Policy", "same-origin")
        headers.setdefault("Permissions-Policy", "camera=(), microphone=(), geolocation=()")
        # No other site's window keeps a handle on ours, nor embeds our files.
        headers.setdefault("Cross-Origin-Opener-Policy", "same-origin")
        headers.setdefault("Cross-Origin-Resource-Policy", "same-origin")
        if app.config.get("SESSION_COOKIE_SECURE"):
            headers.setdefault("Strict-Transport-Security", "max-age=31536000; includeSubDomains")
        # Pages carry personal data: no copies in shared caches or the browser's back-forward store.
        if not request.path.startswith("/static/"):
            headers["Cache-Control"] = "no-store"
        return response
