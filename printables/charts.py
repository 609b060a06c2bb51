"""Charts drawn with reportlab's own graphics: one ``Chart`` (plain numbers) becomes a
reportlab Drawing in the PDFs and the same drawing as SVG on the pages (reportlab renders it:
no chart library to vendor, no script, nothing from a CDN, and the page and the paper show
the very same picture). Kinds: vertical bars (one or more series), horizontal stacked bars
(medals by unit), a step line (units registered over time, the deadline marked).

Every chart is printed with the table of its numbers (printables/reports.py; the pages put
it under the picture), which is what a screen reader, a test or an accountant reads."""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field

from reportlab.graphics import renderSVG
from reportlab.graphics.charts.barcharts import HorizontalBarChart, VerticalBarChart
from reportlab.graphics.charts.legends import Legend
from reportlab.graphics.charts.linecharts import HorizontalLineChart
from reportlab.graphics.shapes import Drawing, Line, String
from reportlab.lib import colors

from printables import fonts

PALETTE = (
    colors.HexColor("#1f77b4"),
    colors.HexColor("#ff7f0e"),
    colors.HexColor("#2ca02c"),
    colors.HexColor("#d62728"),
    colors.HexColor("#9467bd"),
    colors.HexColor("#8c564b"),
)
MEDALS = (colors.HexColor("#d4a017"), colors.HexColor("#a8a9ad"), colors.HexColor("#b87333"))


@dataclass
class Chart:
    kind: str  # "bars", "stacked" (horizontal) or "steps"
    labels: list[str]  # the categories (x, or the rows of a horizontal chart)
    series: list[tuple[str, list[float]]]  # (name, one value per label)
    marker: tuple[float, str] | None = None  # a vertical line at this category position, labelled
    colours: tuple = field(default=PALETTE)
    width: float = 480
    height: float = 220


def _style_axis(axis, size: float = 7) -> None:
    axis.labels.fontName, axis.labels.fontSize = fonts.REGULAR, size


def drawing(chart: Chart) -> Drawing:
    fonts.register()
    labels = [fonts.text(x) for x in chart.labels] or [""]
    if chart.kind != "stacked" and len(labels) > 24:  # every n-th label: a long axis stays legible
        every = -(-len(labels) // 16)
        labels = [x if i % every == 0 else "" for i, x in enumerate(labels)]
    rows = max(len(labels), 1)
    height = max(chart.height, 50 + 14 * rows) if chart.kind == "stacked" else chart.height
    d = Drawing(chart.width, height)
    if chart.kind == "stacked":
        plot = HorizontalBarChart()
        plot.x, plot.y, plot.width, plot.height = 215, 20, chart.width - 230, height - 45
        plot.categoryAxis.style = "stacked"
        plot.categoryAxis.reverseDirection = 1  # the first (best) at the top
        plot.categoryAxis.labels.boxAnchor = "e"
    elif chart.kind == "steps":
        plot = HorizontalLineChart()
        plot.x, plot.y, plot.width, plot.height = 35, 45, chart.width - 50, height - 65
        plot.joinedLines = 1
        plot.categoryAxis.labels.angle = 90 if len(labels) > 12 else 0
        plot.categoryAxis.labels.boxAnchor = "e" if len(labels) > 12 else "n"
    else:
        plot = VerticalBarChart()
        plot.x, plot.y, plot.width, plot.height = 35, 45, chart.width - 50, height - 65
        plot.categoryAxis.labels.angle = 90 if len(labels) > 12 else 0
        plot.categoryAxis.labels.boxAnchor = "e" if len(labels) > 12 else "n"
    plot.data = [list(values) or [0] for _name, values in chart.series] or [[0]]
    plot.categoryAxis.categoryNames = labels
    _style_axis(plot.categoryAxis)
    _style_axis(plot.valueAxis)
    plot.valueAxis.valueMin = 0
    if chart.kind == "stacked":  # a row's bar is the sum of its series
        top = max((sum(row) for row in zip(*(values for _n, values in chart.series), strict=True)), default=0)
    else:
        top = max((v for _n, values in chart.series for v in values), default=0)
    plot.valueAxis.valueMax = max(top * 1.1, 1)
    plot.valueAxis.valueStep = max(1, round(top / 5)) if top > 5 else 1
    if chart.kind == "steps":
        for i in range(len(plot.data)):
            plot.lines[i].strokeColor, plot.lines[i].strokeWidth = chart.colours[i % len(chart.colours)], 1.5
    else:
        for i in range(len(plot.data)):
            plot.bars[i].fillColor, plot.bars[i].strokeColor = chart.colours[i % len(chart.colours)], None
    d.add(plot)
    if chart.marker is not None and chart.kind != "stacked":
        position, text = chart.marker
        step = plot.width / max(len(labels), 1)
        x = plot.x + step * (position + 0.5)
        d.add(Line(x, plot.y, x, plot.y + plot.height, strokeColor=colors.red, strokeDashArray=[3, 2]))
        right_half = x > plot.x + plot.width / 2  # the label on the side with room
        d.add(
            String(
                x - 3 if right_half else x + 3,
                plot.y + plot.height - 8,
                fonts.text(text),
                fontName=fonts.REGULAR,
                fontSize=7,
                fillColor=colors.red,
                textAnchor="end" if right_half else "start",
            )
        )
    if len(chart.series) > 1:
        legend = Legend()
        legend.x, legend.y = plot.x, height - 5
        legend.fontName, legend.fontSize, legend.alignment = fonts.REGULAR, 7, "right"
        legend.columnMaximum, legend.dx, legend.dy = 1, 8, 8
        legend.colorNamePairs = [
            (chart.colours[i % len(chart.colours)], fonts.text(name)) for i, (name, _v) in enumerate(chart.series)
        ]
        d.add(legend)
    return d


def svg(chart: Chart, title: str, ident: str) -> str:
    """The chart as inline SVG that scales with its column (reportlab's viewBox, no fixed
    size), named for a screen reader; ``ident`` keeps its ids apart from another chart's on
    the page (reportlab names every clip path "clip": a second chart would take the first's)."""
    text = renderSVG.drawToString(drawing(chart))
    text = text.replace('id="clip"', f'id="clip-{ident}"').replace("url(#clip)", f"url(#clip-{ident})")
    text = text.replace('id="group"', f'id="group-{ident}"')
    text = text[text.index("<svg") :]
    head_end = text.index(">")
    head = re.sub(r'\s(width|height)="[^"]*"', "", text[:head_end])
    numbers = json.dumps({"labels": chart.labels, "series": dict(chart.series)}, ensure_ascii=False)
    head += f' role="img" aria-label="{_attr(title)}" class="chart" data-chart="{_attr(numbers)}"'
    body = text[head_end:].replace("<title>...</title>", f"<title>{_attr(title)}</title>", 1)
    return head + body.replace("<desc>...</desc>", "", 1)


def _attr(value: str) -> str:
    return value.replace("&", "&amp;").replace('"', "&quot;").replace("<", "&lt;")
