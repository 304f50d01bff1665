"""Forms of the document pages: they parse input only; the checks live in the services."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from tochuc.documents.models import KIND_CHOICES, StudyKind

DATE_FORMATS = ["%Y-%m-%d", "%d/%m/%Y", "%d-%m-%Y"]


def _date(label, required=True):
    return forms.DateField(label=label, required=required, input_formats=DATE_FORMATS,
                           widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"))


class DocumentForm(forms.Form):
    kind = forms.ChoiceField(label=_("Loại văn bản"), choices=KIND_CHOICES)
    number = forms.IntegerField(label=_("Số"), min_value=1, required=False)
    issuer_code = forms.CharField(label=_("Ký hiệu cơ quan ban hành (TW, BTCTW, TU…)"), max_length=16, required=False)
    code = forms.CharField(label=_("hoặc số, ký hiệu đầy đủ (ví dụ 05-CT/TW)"), max_length=40, required=False)
    issuing_body = forms.CharField(label=_("Cơ quan ban hành"), max_length=200)
    issued_on = _date(_("Ngày ban hành"))
    subject = forms.CharField(label=_("Trích yếu"), max_length=500, required=False,
                              widget=forms.Textarea(attrs={"rows": 2}))
    owner = forms.CharField(label=_("Thuộc sổ văn bản của đơn vị (mã)"), max_length=32)
    replaces = forms.CharField(label=_("Thay thế các văn bản (mã số trong sổ, cách nhau bởi dấu phẩy)"),
                               required=False, max_length=500)
    text = forms.CharField(label=_("Toàn văn"), required=False, widget=forms.Textarea(attrs={"rows": 8}))
    file = forms.FileField(label=_("Tệp đính kèm (tối đa 20 MB)"), required=False)
    reason = forms.CharField(label=_("Ghi chú thay đổi"), required=False, max_length=500)

    def clean_replaces(self) -> list[int]:
        raw = self.cleaned_data.get("replaces") or ""
        try:
            return [int(part) for part in raw.replace(";", ",").split(",") if part.strip()]
        except ValueError:
            raise forms.ValidationError(_("Hãy nhập các mã số văn bản, cách nhau bởi dấu phẩy.")) from None


class ExtractForm(forms.Form):
    text = forms.CharField(label=_("Dán văn bản (báo cáo, bài báo, biên bản…)"), max_length=200_000,
                           widget=forms.Textarea(attrs={"rows": 12}))


class StudyForm(forms.Form):
    unit = forms.CharField(label=_("Mã tổ chức đảng"), max_length=32)
    kind = forms.ChoiceField(label=_("Hình thức"), choices=StudyKind.choices, initial=StudyKind.BOTH)
    held_on = _date(_("Ngày tổ chức"))
    title = forms.CharField(label=_("Tên hội nghị, buổi học"), max_length=255)
    place = forms.CharField(label=_("Địa điểm"), max_length=255, required=False)
    presenter = forms.CharField(label=_("Báo cáo viên"), max_length=255, required=False)
    notes = forms.CharField(label=_("Ghi chú"), required=False, widget=forms.Textarea(attrs={"rows": 2}))
    documents = forms.TypedMultipleChoiceField(label=_("Văn bản học tập, quán triệt"), coerce=int, choices=[],
                                               widget=forms.CheckboxSelectMultiple)
    attendees = forms.TypedMultipleChoiceField(label=_("Đảng viên dự"), coerce=int, choices=[], required=False,
                                               widget=forms.CheckboxSelectMultiple)

    def __init__(self, *args, documents=(), members=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["documents"].choices = [(d.pk, f"{d.kind} {d.code} ({d.issued_on:%d/%m/%Y})") for d in documents]
        self.fields["attendees"].choices = [(m.pk, f"{m.full_name} ({m.birth_date:%Y})") for m in members]
