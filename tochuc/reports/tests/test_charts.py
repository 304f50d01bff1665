"""Server-side SVG charts: one bar per non-empty row, Vietnamese labels kept (escaped), the
numbers of the table beside them, nothing when there is nothing to draw."""

from __future__ import annotations

import re

from tochuc.reports import charts, engine


def make(cells: dict[tuple[str, str], int], rows=None) -> engine.Table:
    rows = rows or [engine.Category("a", "Đến 30 tuổi"), engine.Category("b", "Trên 70 <tuổi>"),
                    engine.Category("c", "Rỗng")]
    columns = [engine.Category("nam", "Nam"), engine.Category("nu", "Nữ")]
    return engine.Table(engine.table_def("sex_age"), rows, columns, cells)


def test_bars_labels_and_totals():
    svg = str(charts.bar_chart(make({("a", "nam"): 1200, ("a", "nu"): 34, ("b", "nu"): 5}), chart_id="x"))
    assert svg.startswith("<svg") and 'role="img"' in svg and 'aria-labelledby="x-title"' in svg
    assert "<title id=\"x-title\">Đảng viên theo giới tính và độ tuổi</title>" in svg
    assert "Đến 30 tuổi" in svg and "Trên 70 &lt;tuổi&gt;" in svg and "Rỗng" not in svg
    assert ">1.234</text>" in svg and ">5</text>" in svg
    widths = [float(w) for w in re.findall(r'<rect x="[\d.]+" y="\d+" width="([\d.]+)" height="16"', svg)]
    assert len(widths) == 3 and abs(max(widths) - charts.BAR_AREA * 1200 / 1234) < 0.1


def test_nothing_to_draw_and_many_rows():
    assert str(charts.bar_chart(make({}), chart_id="x")) == ""
    rows = [engine.Category(str(i), f"Dân tộc {i}") for i in range(40)]
    svg = str(charts.bar_chart(make({(str(i), "nam"): i + 1 for i in range(40)}, rows), chart_id="y"))
    assert svg.count("<text x=\"222\"") == charts.MAX_ROWS and "Dân tộc 39" in svg and "Dân tộc 0<" not in svg
