"""badges package (pure Python, no Django)."""
