"""scheduling package (pure Python, no Django)."""
