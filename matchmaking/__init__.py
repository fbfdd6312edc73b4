"""matchmaking package (pure Python, no Django)."""
