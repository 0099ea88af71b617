"""Gradient colours: the colormaps, the three scale modes, grey for none, NaN and ±∞."""

from __future__ import annotations

import math

import pytest
from PySide6.QtGui import QColor

from backprop_gui.ui import theme
from backprop_gui.ui.canvas.legend import superscript_exponent
from backprop_gui.ui.colors import (
    DIVERGING,
    EDGE_WIDTHS,
    LINEAR,
    LOG,
    NO_GRADIENT,
    SIGNED,
    VIRIDIS,
    GradientScale,
)


def luminance(color: QColor) -> float:
    """Relative luminance (WCAG), from linearised sRGB channels."""

    def linear(c: float) -> float:
        return c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4

    return (
        0.2126 * linear(color.redF())
        + 0.7152 * linear(color.greenF())
        + 0.0722 * linear(color.blueF())
    )


def test_tables_have_256_colours_from_the_library():
    assert len(VIRIDIS.table) == len(DIVERGING.table) == 256
    assert VIRIDIS.colors[0].name() == "#440154"  # viridis' well-known dark purple end
    assert VIRIDIS.colors[-1].name() == "#fde725"  # ... and its yellow end
    assert DIVERGING.colors[0].blueF() > DIVERGING.colors[0].redF()  # negative: blue
    assert DIVERGING.colors[-1].redF() > DIVERGING.colors[-1].blueF()  # positive: red


def test_viridis_brightens_monotonically():
    """Perceptually uniform: every step brighter (up to the tables' 8-bit rounding)."""
    lums = [luminance(c) for c in VIRIDIS.colors]
    assert all(b >= a - 1e-3 for a, b in zip(lums, lums[1:]))
    assert lums[-1] > 10 * lums[0]


@pytest.mark.parametrize("mode", [LOG, LINEAR])
def test_magnitude_modes_order_colours_like_abs_gradient(mode):
    grads = [0.001, -0.02, 0.3, -4.0, 50.0]
    scale = GradientScale.fit(mode, grads)
    indices = [VIRIDIS.index_of(scale.color(g)) for g in grads]
    assert indices == sorted(indices)
    assert indices[0] == 0 and indices[-1] == 255
    assert scale.position(-4.0) == scale.position(4.0)


def test_log_mode_spreads_decades_evenly():
    scale = GradientScale.fit(LOG, [0.01, 0.1, 1.0, 10.0, 100.0])
    assert [scale.position(g) for g in (0.01, 1.0, 100.0)] == pytest.approx([0, 0.5, 1])
    linear = GradientScale.fit(LINEAR, [0.01, 0.1, 1.0, 10.0, 100.0])
    assert linear.position(1.0) == pytest.approx(0.01)


def test_log_mode_puts_zero_at_the_bottom_and_says_so():
    scale = GradientScale.fit(LOG, [0.0, 0.5, 2.0])
    assert scale.low == 0.5 and scale.has_zero
    assert scale.position(0.0) == 0.0
    assert scale.ticks() == [(0.0, "≤ 0.5"), (1.0, "2")]


def test_signed_mode_is_centred_at_zero():
    scale = GradientScale.fit(SIGNED, [-2.0, 0.5, 1.0])
    assert (scale.low, scale.high) == (-2.0, 2.0)
    assert scale.position(0.0) == 0.5
    assert scale.position(-2.0) == 0.0 and scale.position(2.0) == 1.0
    assert DIVERGING.index_of(scale.color(-1.0)) < DIVERGING.index_of(scale.color(0.0))
    assert DIVERGING.index_of(scale.color(0.0)) < DIVERGING.index_of(scale.color(1.0))
    assert [label for _, label in scale.ticks()] == ["−2", "0", "2"]


def test_no_gradient_and_nan_are_grey_infinities_at_the_ends():
    scale = GradientScale.fit(LOG, [0.1, 1.0, None, math.nan, math.inf])
    assert (scale.low, scale.high) == (0.1, 1.0)  # only finite gradients set the scale
    assert scale.color(None) == NO_GRADIENT
    assert scale.color(math.nan) == NO_GRADIENT
    assert scale.position(math.inf) == 1.0
    signed = GradientScale.fit(SIGNED, [1.0])
    assert signed.position(-math.inf) == 0.0


def test_no_finite_gradient_gives_no_scale():
    assert GradientScale.fit(LOG, [None, None]) is None
    assert GradientScale.fit(LOG, [math.nan]) is None


def test_degenerate_ranges():
    zeros = GradientScale.fit(LOG, [0.0, 0.0])
    assert zeros.position(0.0) == 0.0
    same = GradientScale.fit(LOG, [3.0, -3.0])
    assert same.position(3.0) == 1.0
    flat = GradientScale.fit(SIGNED, [0.0])
    assert flat.position(0.0) == 0.5


def test_unknown_mode_is_refused_with_the_known_ones():
    with pytest.raises(ValueError, match="log, linear, signed"):
        GradientScale.fit("rainbow", [1.0])


def test_edges_grow_with_their_contribution():
    scale = GradientScale.fit(LOG, [0.0, 1.0, 2.0, 4.0])
    assert scale.edge_style(None) == (None, EDGE_WIDTHS[0])
    assert scale.edge_style(0.0) == (None, EDGE_WIDTHS[0])
    assert scale.edge_style(math.nan) == (None, EDGE_WIDTHS[0])
    smallest_color, smallest = scale.edge_style(1.0)
    _, middle = scale.edge_style(-2.0)
    largest_color, largest = scale.edge_style(4.0)
    assert EDGE_WIDTHS[0] < smallest == EDGE_WIDTHS[1] < middle < largest == EDGE_WIDTHS[2]
    assert smallest_color == VIRIDIS.colors[0]  # on the path, however small: coloured
    assert largest_color == VIRIDIS.colors[-1]


def test_signed_edges_fade_into_the_plain_edge_colour_near_zero():
    scale = GradientScale.fit(SIGNED, [-1.0, 1.0])
    faint, _ = scale.edge_style(0.01)
    strong, _ = scale.edge_style(1.0)
    assert abs(faint.redF() - theme.EDGE.redF()) < 0.02
    assert strong == DIVERGING.colors[-1]


def test_legend_ticks_write_exponents_as_powers_of_ten():
    assert superscript_exponent("2.785e−7") == "2.785×10⁻⁷"
    assert superscript_exponent("1.5e12") == "1.5×10¹²"
    assert superscript_exponent("0.25") == "0.25"


@pytest.mark.parametrize("colormap", [VIRIDIS, DIVERGING], ids=lambda c: c.name)
def test_the_colormaps_are_pyqtgraphs_own(colormap):
    from pyqtgraph import colormap as pg_colormap

    theirs = pg_colormap.get(colormap.name).getLookupTable(
        nPts=len(colormap.table), mode=pg_colormap.ColorMap.BYTE
    )
    for ours, (red, green, blue) in zip(colormap.colors, theirs[:, :3]):
        assert abs(ours.red() - red) <= 1 and abs(ours.green() - green) <= 1
        assert abs(ours.blue() - blue) <= 1
