"""Accounts: registering, logging in and out, the account pages and password reset.

The blueprint lives here, so that each view module (`routes`, `account_views`, `reset_views`) adds
its views to it without importing another view module: every auth endpoint is `auth.*`.
"""
from flask import Blueprint

bp = Blueprint("auth", __name__)
