"""Forms of the conference pages (input checks only; the rules are in services)."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from tochuc.conferences.models import TaskStatus
from tochuc.conferences.services import Guest, PointRow
from tochuc.core.tabular import RowError

DATETIME = forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M")
DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class ConferenceForm(forms.Form):
    organizer_code = forms.CharField(label=_("Mã đơn vị tổ chức"), max_length=32)
    title = forms.CharField(label=_("Tên hội nghị"), max_length=300)
    starts_at = forms.DateTimeField(label=_("Bắt đầu"), widget=DATETIME, input_formats=["%Y-%m-%dT%H:%M"])
    ends_at = forms.DateTimeField(label=_("Kết thúc"), widget=DATETIME, input_formats=["%Y-%m-%dT%H:%M"],
                                  required=False)
    host_site = forms.CharField(label=_("Điểm cầu chính"), max_length=300)
    video_link = forms.URLField(label=_("Đường dẫn truyền hình (nếu có)"), max_length=500, required=False,
                                assume_scheme="https")


class ConferenceEditForm(ConferenceForm):
    organizer_code = None  # the organizer does not change


class AgendaForm(forms.Form):
    title = forms.CharField(label=_("Nội dung"), max_length=300)
    presenter = forms.CharField(label=_("Người trình bày"), max_length=200, required=False)
    presenter_title = forms.CharField(label=_("Chức vụ"), max_length=200, required=False)
    minutes = forms.IntegerField(label=_("Số phút"), min_value=1, max_value=1440, required=False)


class DocumentForm(forms.Form):
    code = forms.CharField(label=_("Số, ký hiệu"), max_length=60)
    issued_on = forms.DateField(label=_("Ngày ban hành"), widget=DATE, required=False)
    title = forms.CharField(label=_("Trích yếu"), max_length=500)


def _lines(text: str) -> list[tuple[int, str]]:
    return [(n, line.strip()) for n, line in enumerate(text.splitlines(), start=1) if line.strip()]


class PointsForm(forms.Form):
    lines = forms.CharField(label=_("Mỗi dòng một điểm cầu: mã đơn vị; người liên hệ; điện thoại; địa điểm"),
                            widget=forms.Textarea(attrs={"rows": 4}))

    def rows(self) -> tuple[list[PointRow], list[int]]:
        """The rows and the line number of each (for error messages)."""
        rows, numbers = [], []
        for number, line in _lines(self.cleaned_data["lines"]):
            parts = [p.strip() for p in line.split(";")] + ["", "", "", ""]
            rows.append(PointRow(unit_code=parts[0], contact_name=parts[1], contact_phone=parts[2], location=parts[3]))
            numbers.append(number)
        return rows, numbers


class ConclusionForm(forms.Form):
    text = forms.CharField(label=_("Kết luận của hội nghị"), widget=forms.Textarea(attrs={"rows": 4}))


class TaskForm(forms.Form):
    unit_code = forms.CharField(label=_("Mã đơn vị được giao"), max_length=32)
    description = forms.CharField(label=_("Nhiệm vụ"), widget=forms.Textarea(attrs={"rows": 2}))
    deadline = forms.DateField(label=_("Thời hạn"), widget=DATE, required=False)


class TaskStatusForm(forms.Form):
    status = forms.ChoiceField(label=_("Tình trạng"), choices=TaskStatus.choices)
    note = forms.CharField(label=_("Ghi chú"), max_length=500, required=False)


class ContactForm(forms.Form):
    contact_name = forms.CharField(label=_("Người liên hệ"), max_length=120)
    contact_phone = forms.CharField(label=_("Điện thoại"), max_length=20, required=False)
    location = forms.CharField(label=_("Địa điểm"), max_length=300, required=False)


class CountForm(forms.Form):
    count = forms.IntegerField(label=_("Số đại biểu có mặt (báo cáo)"), min_value=0, max_value=100_000, required=False)


class RegisterForm(forms.Form):
    members = forms.CharField(label=_("Đảng viên: mỗi dòng một số thẻ đảng viên hoặc số CCCD"), required=False,
                              widget=forms.Textarea(attrs={"rows": 3}))
    guests = forms.CharField(label=_("Khách mời: mỗi dòng «họ và tên; chức vụ, đơn vị»"), required=False,
                             widget=forms.Textarea(attrs={"rows": 3}))

    def identifiers(self) -> list[tuple[int, str]]:
        return _lines(self.cleaned_data["members"])

    def guest_rows(self) -> tuple[list[Guest], list[int]]:
        guests, numbers = [], []
        for number, line in _lines(self.cleaned_data["guests"]):
            name, _sep, position = line.partition(";")
            guests.append(Guest(name.strip(), position.strip()))
            numbers.append(number)
        return guests, numbers


class WalkInForm(forms.Form):
    card = forms.CharField(label=_("Số thẻ đảng viên hoặc số CCCD"), max_length=16, required=False)
    guest_name = forms.CharField(label=_("hoặc họ và tên khách mời"), max_length=120, required=False)
    guest_position = forms.CharField(label=_("Chức vụ, đơn vị"), max_length=200, required=False)
    # Made when the form is shown, sent again by a double click or a resent form: one guest.
    idempotency_key = forms.CharField(max_length=64, required=False, widget=forms.HiddenInput)


def renumber(errors: list[RowError], numbers: list[int]) -> list[RowError]:
    """Errors of rows numbered 1..n, renumbered to the lines the user typed them on."""
    return [RowError(numbers[e.row - 1] if 0 < e.row <= len(numbers) else e.row, e.column, e.reason) for e in errors]
