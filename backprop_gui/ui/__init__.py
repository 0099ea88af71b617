"""The Qt user interface (PySide6); nothing outside this package imports Qt."""
