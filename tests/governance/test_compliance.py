import pytest

from ckanext.busan_governance.standards.compliance import compliance_rate

from .helpers import sample_dictionary

pytestmark = pytest.mark.pure


@pytest.fixture(scope="module")
def dictionary():
    return sample_dictionary()[0]


@pytest.mark.parametrize(
    ("name", "outcome"),
    [
        ("API사용여부", "exact"),  # a standard term by its Korean name
        ("api_use_yn", "exact"),  # ... and by its abbreviation, in any case
        ("시설개방여부", "composed"),  # 시설 + 개방 + 여부, all standard words
        ("FCLT_OPN_YN", "composed"),  # the same as abbreviations joined by _
        ("개방유무", "forbidden"),  # 유무 is a forbidden word of 여부
        ("등록날짜", "forbidden"),  # a synonym of the term 등록일자
        ("시설이름", "forbidden"),  # 이름 is a synonym of 성명
        ("시설위치", "non_standard"),
        ("FCLT_LOC", "non_standard"),
    ],
)
def test_each_outcome(dictionary, name, outcome):
    assert dictionary.check(name).outcome == outcome


def test_segmentation_and_replacements(dictionary):
    composed = dictionary.check("시설 개방 여부")
    assert [(s.text, s.abbr) for s in composed.segments] == [("시설", "FCLT"), ("개방", "OPN"), ("여부", "YN")]
    assert composed.class_word  # ends in 여부, a class word
    assert dictionary.check("개방유무").replacement == "개방여부"
    forbidden = dictionary.check("등록날짜")
    assert (forbidden.replacement, forbidden.term["abbr"]) == ("등록일자", "REG_YMD")
    # 일련번호 is one standard word, not 일련 + 번호 (일련 is not a word): longest match wins
    assert [s.text for s in dictionary.check("시설일련번호").segments] == ["시설", "일련번호"]


def test_non_standard_names_get_suggestions(dictionary):
    result = dictionary.check("시설위치")
    assert [s.kind for s in result.segments] == ["word", "unknown"]
    assert result.suggestions[0] == "시설명 (FCLT_NM)"
    assert dictionary.check("FCLT_NMM").suggestions[0] == "시설명 (FCLT_NM)"


def test_compliance_rate(dictionary):
    results = [dictionary.check(n) for n in ("API사용여부", "시설개방여부", "개방유무", "시설위치")]
    assert compliance_rate(results) == 0.5
    assert compliance_rate([]) is None
