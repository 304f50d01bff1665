"""Charts drawn on the server as inline SVG: no script, no CDN, text in the page's own fonts so
Vietnamese labels read as they do in the tables beside them (which carry the same numbers for
screen readers: the SVG is marked as an image with a title naming the table)."""

from __future__ import annotations

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

from tochuc.reports.engine import Table

PALETTE = ("#b3261e", "#f4c542", "#1f6f8b", "#5b8c3a", "#7a4b9c", "#c76b1a")
LABEL_WIDTH = 230
BAR_AREA = 420
ROW_HEIGHT = 24
MAX_ROWS = 16


def _number(value: int) -> str:
    return f"{value:,}".replace(",", ".")


def bar_chart(table: Table, *, chart_id: str, stacked: bool | None = None) -> SafeString:
    """Horizontal bars, one per row of ``table`` (the largest ``MAX_ROWS`` when there are more),
    stacked by column when the table has several columns; the row total at the end of each bar."""
    rows = [r for r in table.grid() if r["total"]]
    if not rows:
        return mark_safe("")
    if len(rows) > MAX_ROWS:
        rows = sorted(rows, key=lambda r: -r["total"])[:MAX_ROWS]
    stacked = table.has_total_column if stacked is None else stacked
    columns = table.columns if stacked else table.columns[:1]
    top = max(r["total"] for r in rows) or 1
    legend_height = 26 if stacked and len(columns) > 1 else 0
    height = legend_height + ROW_HEIGHT * len(rows) + 8
    width = LABEL_WIDTH + BAR_AREA + 70
    title_id = f"{chart_id}-title"
    parts = [f'<svg xmlns="http://www.w3.org/2000/svg" class="chart" role="img" aria-labelledby="{title_id}" '
             f'viewBox="0 0 {width} {height}" width="100%" font-family="DejaVu Sans, Noto Sans, Arial, sans-serif" '
             f'font-size="13"><title id="{title_id}">{escape(table.title)}</title>']
    if legend_height:
        x = LABEL_WIDTH
        for n, column in enumerate(columns):
            parts.append(f'<rect x="{x}" y="6" width="12" height="12" fill="{PALETTE[n % len(PALETTE)]}"/>'
                         f'<text x="{x + 16}" y="16">{escape(column.label)}</text>')
            x += 34 + 8 * len(column.label)
    for i, row in enumerate(rows):
        y = legend_height + i * ROW_HEIGHT
        label = row["label"] if len(row["label"]) <= 34 else row["label"][:33] + "…"
        parts.append(f'<text x="{LABEL_WIDTH - 8}" y="{y + 16}" text-anchor="end">{escape(label)}</text>')
        x = float(LABEL_WIDTH)
        values = [v for _, v in row["cells"]] if stacked else [row["total"]]
        for n, value in enumerate(values):
            w = BAR_AREA * value / top
            if w > 0:
                parts.append(f'<rect x="{x:.1f}" y="{y + 4}" width="{w:.1f}" height="{ROW_HEIGHT - 8}" '
                             f'fill="{PALETTE[n % len(PALETTE)]}"><title>{escape(row["label"])}: '
                             f'{escape(columns[n].label) + " " if stacked else ""}{_number(value)}</title></rect>')
            x += w
        parts.append(f'<text x="{x + 6:.1f}" y="{y + 16}">{_number(row["total"])}</text>')
    parts.append("</svg>")
    return mark_safe("".join(parts))
