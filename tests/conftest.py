import os

# Tests never need a screen; pytest-qt creates the QApplication offscreen.
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
