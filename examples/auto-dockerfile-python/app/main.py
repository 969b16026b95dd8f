"""Prints the greeting and the Python version: `docker run --rm <image> python main.py`."""

import platform
from pathlib import Path

greeting = Path(__file__).with_name("greeting.txt").read_text(encoding="utf-8").strip()
print(f"{greeting} (Python {platform.python_version()})")
