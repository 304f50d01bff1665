"""Words of the statistical bands (:mod:`tochuc.domain.reports`): code → Vietnamese template."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

MESSAGES = {
    "report.age_up_to": _("Đến %(high)s tuổi"),
    "report.age_over": _("Trên %(low)s tuổi"),
    "report.age_range": _("%(low)s–%(high)s tuổi"),
    "report.years_under": _("Dưới %(years)s năm"),
    "report.years_range": _("%(low)s–%(high)s năm"),
    "report.years_from": _("Từ %(years)s năm"),
}
