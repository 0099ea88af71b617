"""Can the GUI start here? Asked before Qt is loaded.

Without a display, or without a library its X11 plugin needs, Qt aborts the process
(exit 134, a message about plugins); we say so in one line instead. The checks apply
on Linux only, and only to the platforms that need a display server (xcb, wayland):
``QT_QPA_PLATFORM=offscreen`` (the tests) and macOS and Windows pass untouched.
"""

from __future__ import annotations

import ctypes
import os
import sys
from collections.abc import Mapping

# The libraries Qt's X11 (xcb) plugin links beyond libX11 and libxcb, which minimal
# systems often lack (Qt >= 6.5 added xcb-cursor), with their Debian/Ubuntu packages.
XCB_PLUGIN_LIBRARIES = {
    "libxcb-cursor.so.0": "libxcb-cursor0",
    "libxcb-icccm.so.4": "libxcb-icccm4",
    "libxcb-image.so.0": "libxcb-image0",
    "libxcb-keysyms.so.1": "libxcb-keysyms1",
    "libxcb-randr.so.0": "libxcb-randr0",
    "libxcb-render-util.so.0": "libxcb-render-util0",
    "libxcb-shape.so.0": "libxcb-shape0",
    "libxcb-shm.so.0": "libxcb-shm0",
    "libxcb-sync.so.1": "libxcb-sync1",
    "libxcb-util.so.1": "libxcb-util1",
    "libxcb-xfixes.so.0": "libxcb-xfixes0",
    "libxcb-xkb.so.1": "libxcb-xkb1",
    "libxkbcommon-x11.so.0": "libxkbcommon-x11-0",
    "libX11-xcb.so.1": "libx11-xcb1",
}


def display_problem(
    environ: Mapping[str, str] = os.environ, platform: str = sys.platform
) -> str | None:
    """Why the GUI cannot start (a short phrase), or None if nothing stands in its way."""
    if not platform.startswith("linux"):
        return None
    wanted = environ.get("QT_QPA_PLATFORM", "")
    names = {part.split(":")[0] for part in wanted.split(";")}
    if wanted and not all(name == "xcb" or name.startswith("wayland") for name in names):
        return None  # offscreen, minimal, vnc, eglfs, ...: no display server needed
    x11, wayland = environ.get("DISPLAY"), environ.get("WAYLAND_DISPLAY")
    if not x11 and not wayland:
        return "neither DISPLAY nor WAYLAND_DISPLAY is set"
    if wanted != "xcb" and (wanted or wayland):
        return None  # Wayland: Qt needs none of the X11 plugin's libraries
    missing = [name for name in XCB_PLUGIN_LIBRARIES if not loadable(name)]
    if not missing:
        return None
    packages = " ".join(XCB_PLUGIN_LIBRARIES[name] for name in missing)
    return (
        f"Qt's X11 plugin cannot load without {', '.join(missing)}; "
        f"on Debian/Ubuntu: apt-get install {packages}"
    )


def loadable(library: str) -> bool:
    """Whether the system's loader finds ``library`` (a file name such as libfoo.so.1),
    asked as Qt will ask it: by loading it."""
    try:
        ctypes.CDLL(library)
    except OSError:
        return False
    return True
