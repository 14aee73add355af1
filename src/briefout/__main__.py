"""``python -m briefout``."""

from briefout.cli import main

main()
