"""Data requests through the Action API against real PostgreSQL: who may do what (anonymous
visitors, the requester, other citizens, the target organisation's editors, another
organisation's editors, sysadmins), the answer workflow with its legal deadline, closing with
a dataset shown on the dataset page, 나도 필요해요 once per user, facets, and the e-mails a
local SMTP catcher receives."""

from __future__ import annotations

import datetime as dt

import ckan.plugins.toolkit as tk
import pytest
from bs4 import BeautifulSoup
from ckan.tests import factories
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from ..builders import valid_dataset

pytestmark = pytest.mark.usefixtures("clean_db", "clean_index")

ASK = {
    "title": "공영주차장 실시간 주차가능 대수",
    "description": "구·군별 공영주차장의 실시간 주차가능 대수",
    "purpose": "주차 안내 앱 개발",
    "desired_format": "Open API",
    "consent": True,
}


@pytest.fixture
def people():
    users = {
        name: factories.User(name=name, fullname=full, email=f"{name}@example.kr")
        for name, full in (
            ("citizen", "김부산"),
            ("neighbour", "이해운"),
            ("traffic-editor", "교통 편집자"),
            ("traffic-admin", "교통 관리자"),
            ("culture-editor", "문화 편집자"),
        )
    }
    users["sysadmin"] = factories.Sysadmin(name="portal-admin", email="admin@example.kr")
    traffic = factories.Organization(
        name="busan-traffic",
        title="교통국",
        users=[{"name": "traffic-editor", "capacity": "editor"}, {"name": "traffic-admin", "capacity": "admin"}],
    )
    factories.Organization(
        name="busan-culture", title="문화국", users=[{"name": "culture-editor", "capacity": "editor"}]
    )
    users["org"] = traffic
    return users


def token(user: str) -> dict:
    return {"Authorization": factories.APIToken(user=user)["token"]}


def act(action: str, user: str | None, **data):
    return tk.get_action(action)({"user": user, "ignore_auth": False}, data)


def ask(user="citizen", **overrides):
    return act("busan_request_create", user, **{**ASK, "owner_org": "busan-traffic", **overrides})


def refused(action: str, user: str | None, **data):
    with pytest.raises(tk.NotAuthorized):
        act(action, user, **data)


def test_asking_needs_a_signed_in_user_the_fields_and_consent(people):
    refused("busan_request_create", None, **ASK)
    with pytest.raises(tk.ValidationError) as e:
        ask(consent=False)
    assert "consent" in e.value.error_dict
    with pytest.raises(tk.ValidationError) as e:
        ask(title="  ", purpose=None)
    assert {"title", "purpose"} <= set(e.value.error_dict)
    with pytest.raises(tk.ValidationError) as e:
        ask(owner_org="no-such-org")
    assert "owner_org" in e.value.error_dict
    assert act("busan_request_list", None)["count"] == 0

    request = ask()
    assert request["status"] == "received" and request["organization"]["name"] == "busan-traffic"
    assert request["deadline"] >= request["received_on"] and not request["overdue"]
    unknown = ask(owner_org="모름")
    assert unknown["organization"] is None


def test_errors_are_in_korean_on_the_api_and_english_under_en(people, app):
    token = factories.APIToken(user="citizen")["token"]
    response = app.post(
        "/api/3/action/busan_request_create",
        json=dict(ASK, consent=False),
        headers={"Authorization": token},
        status=409,
    )
    assert "개인정보" in response.json["error"]["consent"][0]
    response = app.post(
        "/en/api/3/action/busan_request_create",
        json=dict(ASK, consent=False),
        headers={"Authorization": token},
        status=409,
    )
    assert "personal data" in response.json["error"]["consent"][0]


def test_everyone_reads_but_the_requester_is_masked_to_the_public(people, app):
    request = ask()
    public = act("busan_request_show", None, id=request["id"])
    assert public["requester"] == "김**" and "user_id" not in public
    assert act("busan_request_show", "neighbour", id=request["id"])["requester"] == "김**"
    assert act("busan_request_show", "traffic-editor", id=request["id"])["requester"] == "김부산"
    assert act("busan_request_show", "citizen", id=request["id"])["requester"] == "김부산"
    page = BeautifulSoup(app.get(f"/request/{request['id']}").body, "html.parser")
    assert page.select_one(".request-title").get_text(strip=True) == ASK["title"]
    assert page.select_one(".request-status").get_text(strip=True) == "접수"
    assert "김부산" not in page.get_text()
    # the HTTP API (CKAN passes its AnonymousUser object to actions) lists it masked, no 500
    listed = app.get("/api/3/action/busan_request_list").json["result"]["results"]
    assert [r["requester"] for r in listed] == ["김**"]


def test_the_requester_edits_until_the_request_is_answered(people):
    request = ask()
    refused("busan_request_update", None, id=request["id"], title="x")
    refused("busan_request_update", "neighbour", id=request["id"], title="x")
    refused("busan_request_update", "traffic-editor", id=request["id"], title="x")
    assert act("busan_request_update", "citizen", id=request["id"], title="수정된 제목")["title"] == "수정된 제목"
    act("busan_request_answer", "traffic-editor", id=request["id"], status="reviewing")
    assert act("busan_request_update", "citizen", id=request["id"], purpose="더 자세히")["purpose"] == "더 자세히"
    act("busan_request_answer", "traffic-editor", id=request["id"], status="provided", answer="곧 공개합니다")
    refused("busan_request_update", "citizen", id=request["id"], title="다시")


def test_only_the_target_organisations_editors_answer_extend_and_close(people):
    request = ask()
    for user in (None, "citizen", "neighbour", "culture-editor"):
        refused("busan_request_answer", user, id=request["id"], status="reviewing")
        refused("busan_request_extend", user, id=request["id"], reason="검토 필요")
        refused("busan_request_close", user, id=request["id"], package_id="x")
        refused("busan_request_reassign", user, id=request["id"], owner_org="busan-culture")
    assert act("busan_request_answer", "traffic-admin", id=request["id"], status="reviewing")["status"] == "reviewing"
    refused("busan_request_reassign", "traffic-admin", id=request["id"], owner_org="busan-culture")


def test_a_request_to_nobody_is_reassigned_by_a_sysadmin_then_answered(people):
    request = ask(owner_org="")
    refused("busan_request_answer", "traffic-editor", id=request["id"], status="reviewing")
    moved = act("busan_request_reassign", "portal-admin", id=request["id"], owner_org="busan-traffic")
    assert moved["organization"]["name"] == "busan-traffic"
    assert act("busan_request_answer", "traffic-editor", id=request["id"], status="reviewing")["status"] == "reviewing"
    with pytest.raises(tk.ValidationError):
        act("busan_request_reassign", "portal-admin", id=request["id"], owner_org="nowhere")


def test_refusal_needs_a_ground_and_tells_the_requester_about_mediation(people, mailbox):
    request = ask()
    with pytest.raises(tk.ValidationError) as e:
        act("busan_request_answer", "traffic-editor", id=request["id"], status="refused")
    assert "refusal_reason" in e.value.error_dict
    with pytest.raises(tk.ValidationError) as e:
        act("busan_request_answer", "traffic-editor", id=request["id"], status="refused", refusal_reason="other")
    assert "answer" in e.value.error_dict
    assert act("busan_request_show", None, id=request["id"])["status"] == "received"  # nothing changed
    assert mailbox.to("citizen@example.kr") == []

    answered = act(
        "busan_request_answer",
        "traffic-editor",
        id=request["id"],
        status="refused",
        refusal_reason="non_disclosure",
        answer="차량번호가 포함되어 있습니다.",
    )
    assert answered["refusal_ground"].startswith("공공데이터법 제17조")
    assert answered["answered_on"] and not answered["overdue"] and not answered["answered_late"]
    [mail] = mailbox.to("citizen@example.kr")
    assert "거부" in mail["subject"]
    assert "공공데이터제공분쟁조정위원회" in mail["body"] and "차량번호가 포함되어 있습니다." in mail["body"]
    with pytest.raises(tk.ValidationError):  # a refusal is final
        act("busan_request_answer", "traffic-editor", id=request["id"], status="provided")


def test_duplicate_links_the_earlier_request(people, app):
    earlier = ask()
    later = ask(user="neighbour", title="주차장 실시간 정보")
    with pytest.raises(tk.ValidationError):
        act("busan_request_answer", "traffic-editor", id=later["id"], status="duplicate", duplicate_of="")
    with pytest.raises(tk.ValidationError):  # not a later one, not itself
        act("busan_request_answer", "traffic-editor", id=earlier["id"], status="duplicate", duplicate_of=later["id"])
    act("busan_request_answer", "traffic-editor", id=later["id"], status="duplicate", duplicate_of=earlier["id"])
    page = BeautifulSoup(app.get(f"/request/{later['id']}").body, "html.parser")
    assert page.select_one(".request-duplicate a")["href"].endswith(f"/request/{earlier['id']}")


def test_closing_with_a_public_dataset_shows_the_request_on_the_dataset_page(people, mailbox, app):
    request = ask()
    act("busan_request_follow", "neighbour", id=request["id"])
    org = people["org"]["id"]
    private = factories.Dataset(owner_org=org, private=True, name="parking-private", **valid_dataset())
    dataset = factories.Dataset(owner_org=org, name="parking-live", **valid_dataset(title="공영주차장 실시간 정보"))
    for bad in ("no-such-dataset", private["name"], "", None):
        with pytest.raises(tk.ValidationError) as e:
            act("busan_request_close", "traffic-editor", id=request["id"], package_id=bad)
        assert "package_id" in e.value.error_dict
    with pytest.raises(tk.ValidationError):
        act("busan_request_close", "traffic-editor", id=request["id"], package_id=dataset["name"], status="refused")
    closed = act("busan_request_close", "traffic-editor", id=request["id"], package_id="parking-live")
    assert closed["status"] == "provided" and closed["package"]["name"] == "parking-live" and closed["closed_at"]
    assert [r["id"] for r in act("busan_request_for_package", None, package_id=dataset["id"])] == [request["id"]]
    page = BeautifulSoup(app.get("/dataset/parking-live").body, "html.parser")
    assert page.select_one(".dataset-answered-requests a")["href"].endswith(f"/request/{request['id']}")
    for address in ("citizen@example.kr", "neighbour@example.kr"):
        [mail] = mailbox.to(address)
        assert "/dataset/parking-live" in mail["body"] and "제공" in mail["subject"]
    act("busan_request_unfollow", "neighbour", id=request["id"])


def test_i_need_this_too_counts_once_per_user_and_comments_belong_to_their_author(people):
    request = ask()
    refused("busan_request_vote", None, id=request["id"])
    refused("busan_request_comment", None, id=request["id"], text="저도요")
    act("busan_request_vote", "neighbour", id=request["id"])
    assert act("busan_request_vote", "neighbour", id=request["id"])["votes"] == 1
    assert act("busan_request_vote", "traffic-editor", id=request["id"])["votes"] == 2
    assert act("busan_request_unvote", "neighbour", id=request["id"])["votes"] == 1
    comment = act("busan_request_comment", "neighbour", id=request["id"], text="관광 앱에도 필요합니다")
    with pytest.raises(tk.ValidationError):
        act("busan_request_comment", "neighbour", id=request["id"], text=" ")
    refused("busan_request_comment_delete", "citizen", id=comment["id"])
    refused("busan_request_comment_delete", None, id=comment["id"])
    shown = act("busan_request_show", None, id=request["id"])
    assert [c["author"] for c in shown["comments"]] == ["이해운"]
    act("busan_request_comment_delete", "neighbour", id=comment["id"])
    assert act("busan_request_show", None, id=request["id"])["comments"] == []


def test_extension_once_before_the_deadline_and_overdue_flags(people, mailbox, freezer):
    freezer.move_to("2026-11-02 01:00:00")  # Monday 10:00 in Busan
    request = ask()
    other = ask(title="불법주정차 단속 현황")
    assert request["received_on"] == "2026-11-02" and request["deadline"] == "2026-11-12"
    with pytest.raises(tk.ValidationError):
        act("busan_request_extend", "traffic-editor", id=request["id"], reason="")
    extended = act("busan_request_extend", "traffic-editor", id=request["id"], reason="자료 취합 중")
    assert extended["extended"] and extended["deadline"] == "2026-11-23" and extended["first_deadline"] == "2026-11-12"
    assert "2026-11-23" in mailbox.to("citizen@example.kr")[0]["body"]
    with pytest.raises(tk.ValidationError):
        act("busan_request_extend", "traffic-editor", id=request["id"], reason="또 연장")

    freezer.move_to("2026-11-13 01:00:00")
    with pytest.raises(tk.ValidationError):  # past the first deadline: too late to extend
        act("busan_request_extend", "traffic-editor", id=other["id"], reason="늦은 연장")
    assert act("busan_request_show", None, id=other["id"])["overdue"]
    assert not act("busan_request_show", None, id=request["id"])["overdue"]
    listed = act("busan_request_list", None, overdue=True)
    assert [r["id"] for r in listed["results"]] == [other["id"]] and listed["facets"]["overdue"] == 1

    site = tk.get_action("get_site_user")({"ignore_auth": True}, {})["name"]
    refused("busan_request_notify_overdue", "traffic-admin")
    assert tk.get_action("busan_request_notify_overdue")({"user": site}, {}) == {"busan-traffic": 1}
    [mail] = mailbox.to("traffic-admin@example.kr")
    assert "불법주정차 단속 현황" in mail["body"] and "처리기한" in mail["subject"]
    assert mailbox.to("traffic-editor@example.kr") == []  # admins are told, not every editor
    assert tk.get_action("busan_request_notify_overdue")({"user": site}, {}) == {}  # once per request

    late = act("busan_request_answer", "traffic-editor", id=other["id"], status="partial", answer="일부 제공")
    assert late["answered_late"] and not late["overdue"]


def test_editors_see_their_organisations_overdue_requests_on_the_list(people, app):
    import ckan.model as model

    from ckanext.busan.requests.model import DataRequest

    request = ask()
    row = model.Session.get(DataRequest, request["id"])
    row.received_on, row.deadline = dt.date(2026, 1, 5), dt.date(2026, 1, 15)  # received long ago
    model.Session.commit()
    flagged = BeautifulSoup(app.get("/request", headers=token("traffic-editor")).body, "html.parser")
    assert [a.get_text(strip=True) for a in flagged.select(".request-my-overdue a")] == [
        "교통국: 처리기한이 지난 신청이 1건 있습니다."
    ]
    for user in ("culture-editor", "citizen"):
        page = BeautifulSoup(app.get("/request", headers=token(user)).body, "html.parser")
        assert page.select(".request-my-overdue") == []


def test_list_search_and_facets(people, app):
    ask()
    ask(title="해수욕장 수질 측정 결과", description="해운대 해수욕장 수질", owner_org="busan-culture")
    third = ask(user="neighbour", title="버스정류장 위치", owner_org="")
    act("busan_request_answer", "portal-admin", id=third["id"], status="reviewing")
    everything = act("busan_request_list", None)
    assert everything["count"] == 3
    assert everything["facets"]["status"] == {"received": 2, "reviewing": 1}
    assert {k: v["count"] for k, v in everything["facets"]["organization"].items()} == {
        "busan-traffic": 1,
        "busan-culture": 1,
        "unknown": 1,
    }
    assert [r["title"] for r in act("busan_request_list", None, q="해운대")["results"]] == ["해수욕장 수질 측정 결과"]
    assert act("busan_request_list", None, organization="unknown")["count"] == 1
    assert act("busan_request_list", None, status="reviewing", q="버스")["count"] == 1
    with pytest.raises(tk.ValidationError):
        act("busan_request_list", None, status="bogus")
    page = BeautifulSoup(app.get("/request?status=received").body, "html.parser")
    assert len(page.select(".data-request")) == 2
    assert page.select_one("h1").get_text(strip=True) == "데이터 제공신청"
    assert page.select_one('[data-facet="organization"]') is not None
    assert "데이터 제공신청" in [a.get_text(strip=True) for a in page.select("header nav a")]


ODD = st.one_of(
    st.none(),
    st.text(max_size=30),
    st.integers(),
    st.booleans(),
    st.lists(st.text(max_size=5), max_size=2),
    st.dictionaries(st.text(max_size=3), st.text(max_size=3), max_size=2),
    st.sampled_from(["", " ", "\x00", "a\x00b", "\ud800", "가" * 6000, "provided", "refused", "busan-traffic", "모름"]),
)
FIELDS = {
    "busan_request_create": ["title", "description", "purpose", "desired_format", "owner_org", "consent"],
    "busan_request_answer": ["status", "answer", "refusal_reason", "duplicate_of"],
    "busan_request_close": ["package_id", "status", "answer"],
    "busan_request_extend": ["reason"],
    "busan_request_list": ["q", "status", "organization", "overdue", "sort", "limit", "offset"],
    "busan_request_comment": ["text"],
    "busan_request_update": ["title", "description", "purpose", "owner_org"],
}


@settings(
    max_examples=80,
    deadline=None,
    derandomize=True,
    database=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(data=st.data())
def test_odd_input_to_every_action_is_a_field_error_never_a_crash(people, data):
    request = ask()
    action = data.draw(st.sampled_from(sorted(FIELDS)))
    payload = data.draw(st.fixed_dictionaries({}, optional={f: ODD for f in FIELDS[action]}), label="payload")
    user = (
        "citizen"
        if action in ("busan_request_create", "busan_request_update", "busan_request_comment")
        else "traffic-editor"
    )
    if action != "busan_request_create":
        payload["id"] = data.draw(st.sampled_from([request["id"], request["id"] + "x", "\x00", 7, None]), label="id")
    before = act("busan_request_show", "portal-admin", id=request["id"])
    try:
        act(action, user, **payload)
    except tk.ValidationError as e:
        assert e.error_dict and all(isinstance(m, str) for msgs in e.error_dict.values() for m in msgs)
        after = act("busan_request_show", "portal-admin", id=request["id"])
        assert {k: v for k, v in after.items() if k != "modified"} == {
            k: v for k, v in before.items() if k != "modified"
        }
    except tk.ObjectNotFound:
        assert payload["id"] != request["id"]


def test_dates_are_days_in_korea(people, freezer):
    freezer.move_to(dt.datetime(2026, 11, 1, 16, 30))  # 01:30 on 2 November in Busan
    assert ask()["received_on"] == "2026-11-02"


def test_pages_in_english_under_en(people, app):
    request = ask()
    assert BeautifulSoup(app.get("/en/request").body, "html.parser").select_one("h1").get_text(strip=True) == (
        "Data requests"
    )
    page = BeautifulSoup(app.get(f"/en/request/{request['id']}").body, "html.parser")
    assert page.select_one(".request-status").get_text(strip=True) == "Received"
    assert "Counted from the day after receipt" in page.get_text()
