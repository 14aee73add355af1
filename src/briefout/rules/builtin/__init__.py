"""The built-in editorial rules (registered through entry points like any plugin)."""
