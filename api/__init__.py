"""The web app of `kg serve` (see api/app.py)."""
