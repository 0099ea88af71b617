"""Edges drawn all at once when the view is zoomed far out.

Far out, an edge is a few pixels long and a handful of straight segments draw it
well; what costs is calling thousands of Python ``paint`` methods. So below
``LOD_CURVE`` the edge items draw nothing and the scene's background draws every
edge in one path per colour, kept until an edge moves or changes colour.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QPainterPath, QPen

LOD_CURVE = 0.3  # below this zoom, edges are drawn here instead of by their items


class EdgeOverview:
    def __init__(self):
        self._paths: list[tuple[QPen, QPainterPath]] | None = None

    def invalidate(self) -> None:
        self._paths = None

    def paint(self, painter, edges) -> None:
        if self._paths is None:
            self._paths = _paths_by_color(edges)
        painter.setRenderHint(painter.RenderHint.Antialiasing, False)
        painter.setBrush(Qt.BrushStyle.NoBrush)
        for pen, path in self._paths:
            painter.setPen(pen)
            painter.drawPath(path)


def _paths_by_color(edges) -> list[tuple[QPen, QPainterPath]]:
    paths: dict[int, tuple[QPen, QPainterPath]] = {}
    for edge in edges:
        color = edge.stroke_color()
        key = color.rgba()
        if key not in paths:
            paths[key] = (QPen(color, 0), QPainterPath())  # cosmetic: one pixel wide
        paths[key][1].addPolygon(edge.coarse_polygon())
    return list(paths.values())
