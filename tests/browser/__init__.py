"""End-to-end tests in a real Chromium, against Kring served on loopback."""
