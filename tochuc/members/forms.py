"""Forms of the member pages: they parse and check input only; the rules live in lifecycle."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from tochuc.domain.members import policy as member_policy
from tochuc.domain.members.discipline import DISCIPLINE_FORMS
from tochuc.members.lifecycle import EVENT_LABELS

#: Event kinds a clerk records from the record page, in the order of the picker.
EVENT_KINDS = ("rating", "badge", "discipline", "exemption", "exemption_end", "official", "transfer",
               "death", "removal", "leave")


class EventForm(forms.Form):
    kind = forms.ChoiceField(label=_("Sự kiện"), choices=[(k, EVENT_LABELS[k]) for k in EVENT_KINDS])
    effective_on = forms.DateField(label=_("Ngày hiệu lực"), widget=forms.DateInput(attrs={"type": "date"}),
                                   input_formats=["%Y-%m-%d", "%d/%m/%Y"])
    score = forms.DecimalField(label=_("Điểm xếp loại (0–100)"), required=False, min_value=0, max_value=100,
                               decimal_places=2)
    level = forms.TypedChoiceField(label=_("Huy hiệu"), required=False, coerce=int, empty_value=None)
    form = forms.ChoiceField(label=_("Hình thức kỷ luật"), required=False,
                             choices=[("", "—")] + [(str(k), v) for k, v in DISCIPLINE_FORMS.items()])
    to_branch = forms.CharField(label=_("Mã chi bộ chuyển đến"), required=False, max_length=64)
    reason = forms.CharField(label=_("Lý do, căn cứ"), required=False, widget=forms.Textarea(attrs={"rows": 2}))

    NEEDS = {"rating": ("score", _("Hãy nhập điểm xếp loại.")), "badge": ("level", _("Hãy chọn mức Huy hiệu.")),
             "discipline": ("form", _("Hãy chọn hình thức kỷ luật.")),
             "transfer": ("to_branch", _("Hãy nhập mã chi bộ chuyển đến."))}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # The badge levels are the domain's (Huy hiệu Đảng, MemberPolicy.badge_years), read when the
        # form is built so that the picker and the rule the service applies cannot differ.
        self.fields["level"].choices = [("", "—")] + [
            (n, _("%(n)s năm tuổi Đảng") % {"n": n}) for n in member_policy.DEFAULT_POLICY.badge_years]

    def clean(self):
        data = super().clean()
        need = self.NEEDS.get(data.get("kind", ""))
        if need and data.get(need[0]) in (None, ""):
            self.add_error(need[0], need[1])
        return data

    def details(self) -> dict:
        data, kind = self.cleaned_data, self.cleaned_data["kind"]
        if kind == "rating":
            return {"score": float(data["score"])}
        if kind == "badge":
            return {"level": int(data["level"])}
        if kind == "discipline":
            return {"form": data["form"]}
        return {}
