"""newsroom-tui: a keyboard-driven terminal newsroom reader."""

__version__ = "0.1.0"
APP_NAME = "newsroom"
