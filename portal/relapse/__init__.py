"""The relapse plan: warning signs, who may raise the alarm and with whom, and what happens then."""
