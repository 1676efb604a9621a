"""The personal-information scan finds planted identifiers (old and post-2020 registration
numbers included) and leaves look-alikes in non-personal columns alone."""

from __future__ import annotations

import pytest

from ckanext.busan_governance.privacy.pii import (
    ARN,
    CARD,
    EMAIL,
    LANDLINE,
    MOBILE,
    PASSPORT,
    RRN,
    classify,
    mask,
    scan_rows,
)

pytestmark = pytest.mark.pure


def _with_check_digit(first12: str) -> str:
    weights = (2, 3, 4, 5, 6, 7, 8, 9, 2, 3, 4, 5)
    total = sum(int(d) * w for d, w in zip(first12, weights, strict=True))
    return first12 + str((11 - total % 11) % 10)


OLD_RRN = _with_check_digit("900101123456")  # issued before October 2020: valid check digit
NEW_RRN = "2103154" + "987650"  # born 2021: no valid check digit (post-2020 numbering)
OLD_ARN = _with_check_digit("850505512345")


def test_registration_numbers_old_by_check_digit_new_by_column_context():
    assert classify(f"{OLD_RRN[:6]}-{OLD_RRN[6:]}", "비고") == RRN
    assert classify(OLD_ARN, "") == ARN
    bad_check = NEW_RRN if classify(NEW_RRN, "비고") is None else NEW_RRN[:-1] + str((int(NEW_RRN[-1]) + 1) % 10)
    assert classify(bad_check, "비고") is None  # no context, no check digit: not claimed
    assert classify(bad_check, "주민등록번호") == RRN  # the header says what it is
    assert classify("901301-1234567", "주민등록번호") is None  # month 13: not a date


def test_contacts_passports_and_cards():
    assert classify("010-1234-5678", "") == MOBILE
    assert classify("051-888-1234", "전화번호") == LANDLINE
    assert classify("hong@example.kr", "") == EMAIL
    assert classify("M12345678", "여권번호") == PASSPORT and classify("M123A4567", "passport no") == PASSPORT
    assert classify("4111 1111 1111 1111", "") == CARD


@pytest.mark.parametrize(
    ("value", "header"),
    [
        ("2024-01-02", "기준일자"),  # dates
        ("20240102", "등록일"),
        ("051-2024-0001", "관리코드"),  # phone-like codes outside a phone column
        ("M12345678", "상품코드"),  # passport-like product codes
        ("110-234-567890", "계좌번호"),  # account numbers
        ("4111-1111-1111-1112", "주문번호"),  # card-like, Luhn fails
        ("900101-1234560", "관리번호"),  # registration-like, check digit fails, no context
        ("123-45-67890", "사업자등록번호"),  # business registration numbers are not personal
    ],
)
def test_look_alikes_in_non_personal_columns_are_not_findings(value, header):
    assert classify(value, header) is None


def test_scan_counts_per_column_and_keeps_masked_samples_only():
    header = ["성명", "주민등록번호", "휴대전화", "이메일", "상품코드"]
    rows = [
        ["홍길동", f"{OLD_RRN[:6]}-{OLD_RRN[6:]}", "010-1234-5678", "hong@example.kr", "M12345678"],
        ["김영희", NEW_RRN, "01098765432", "kim@example.kr", "P-2024-0001"],
    ]
    findings = scan_rows(header, rows).as_dict()
    counts = {(c["column"], f["category"]): f["count"] for c in findings["columns"] for f in c["findings"]}
    assert counts == {("주민등록번호", RRN): 2, ("휴대전화", MOBILE): 2, ("이메일", EMAIL): 2}
    text = str(findings)
    assert OLD_RRN[6:] not in text and "5678" in text and "1234-5678" not in text
    assert mask("010-1234-5678", MOBILE) == "***-****-5678"
