"""A small seed of real documents the rules of tochuc cite (DOMAIN.md, the sample texts).

Only documents whose code, date and issuing body are known from those sources; a subject is
given only where the sources give it.
"""

from __future__ import annotations

from datetime import date

from tochuc.documents.models import Document
from tochuc.documents.services import DocumentData, documents_create_many
from tochuc.domain.citations import KIND_CODES, make_code

SEED: tuple[DocumentData, ...] = (
    DocumentData(kind="Quy định", number=294, issuer_code="TW", issuing_body="Ban Chấp hành Trung ương",
                 issued_on=date(2025, 5, 26), subject="thi hành Điều lệ Đảng"),
    DocumentData(kind="Hướng dẫn", number=6, issuer_code="TW", issuing_body="Ban Bí thư",
                 issued_on=date(2025, 6, 9), subject="một số vấn đề cụ thể thi hành Điều lệ Đảng"),
    DocumentData(kind="Chỉ thị", number=50, issuer_code="TW", issuing_body="Ban Bí thư",
                 issued_on=date(2025, 7, 23),
                 subject="tiếp tục đổi mới nâng cao chất lượng sinh hoạt chi bộ trong giai đoạn mới"),
    DocumentData(kind="Hướng dẫn", number=42, issuer_code="BTCTW", issuing_body="Ban Tổ chức Trung ương",
                 issued_on=date(2025, 10, 28)),
    DocumentData(kind="Quyết định", number=190, issuer_code="TW", issuing_body="Bộ Chính trị",
                 issued_on=date(2024, 10, 10), subject="ban hành Quy chế bầu cử trong Đảng"),
    DocumentData(kind="Chỉ thị", number=45, issuer_code="TW", issuing_body="Bộ Chính trị",
                 issued_on=date(2025, 4, 14),
                 subject="đại hội đảng bộ các cấp tiến tới Đại hội đại biểu toàn quốc lần thứ XIV của Đảng"),
    DocumentData(kind="Quy định", number=366, issuer_code="TW", issuing_body="Bộ Chính trị",
                 issued_on=date(2025, 8, 30),
                 subject="kiểm điểm, đánh giá, xếp loại chất lượng hằng năm đối với tập thể, cá nhân"),
)


def seed_documents(*, actor=None, scope, owner_code: str) -> int:
    """Add the seed documents that are not in the registry yet; returns how many."""
    taken = set(Document.objects.values_list("code", "issued_on"))
    missing = [d for d in SEED if (make_code(d.number, KIND_CODES[d.kind], d.issuer_code), d.issued_on) not in taken]
    if not missing:
        return 0
    return len(documents_create_many(actor=actor, scope=scope, owner_code=owner_code, items=missing,
                                     reason="Nạp văn bản mẫu"))
