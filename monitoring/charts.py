"""Charts drawn on the server as SVG: the same markup on the page and in the PDF (WeasyPrint
runs no JavaScript), Cyrillic labels, and the numbers in a table beside each chart.

A chart is a list of rows, each a label and one value per series; bars are horizontal with the
label above them, so long names of specialties fit a phone screen.
"""

from dataclasses import dataclass

from django.template.loader import render_to_string

ROW_HEIGHT = 20  # one series bar
LABEL_HEIGHT = 16
GAP = 8
WIDTH = 600
COLOURS = ("#0d6efd", "#9ec5fe", "#198754", "#ffc107")


@dataclass
class Chart:
    title: str
    series: tuple  # names of the series, e.g. ("План", "Факт")
    rows: list  # [(label, (value, …))]
    unit: str = ""
    maximum: int | None = None  # the scale's 100 %; the largest value when None

    def svg(self):
        top = max((v for _, values in self.rows for v in values), default=0)
        scale = self.maximum or top or 1
        bars, y = [], 0
        for label, values in self.rows:
            entry = {"label": label, "y": y + LABEL_HEIGHT - 4, "bars": []}
            y += LABEL_HEIGHT
            for index, value in enumerate(values):
                width = round((WIDTH - 60) * min(value, scale) / scale) if value else 0
                entry["bars"].append(
                    {
                        "y": y,
                        "width": width,
                        "value": value,
                        "text_x": width + 4,
                        "text_y": y + ROW_HEIGHT - 6,
                        "colour": COLOURS[index % len(COLOURS)],
                    }
                )
                y += ROW_HEIGHT
            y += GAP
            bars.append(entry)
        return render_to_string(
            "monitoring/charts/bars.svg",
            {
                "chart": self,
                "rows": bars,
                "height": max(y, 1),
                "width": WIDTH,
                "bar_height": ROW_HEIGHT - 4,
                "legend": [
                    {"name": name, "colour": COLOURS[i % len(COLOURS)], "x": 120 * i}
                    for i, name in enumerate(self.series)
                ],
            },
        )
