"""Parliament APIs: written questions, EDMs, bills, committees and Hansard."""

import json
from datetime import date, datetime

import pytest

from harvesting.dates import LONDON
from harvesting.parsers import ParseError, get_parser
from harvesting.parsers.base import content_hash

WQ_LIST = "parliament-written-questions/questions-list-tabled-2024-01-05.json"
WQ_API = "https://questions-statements-api.parliament.uk/api/writtenquestions/questions"


def test_written_questions_list_gives_every_question_with_its_public_page(read_sample):
    result = get_parser("parliament-written-questions")(
        read_sample(WQ_LIST), url=f"{WQ_API}?tabledWhenFrom=2024-01-05", options={}
    )
    assert len(result.items) == 20
    first = result.items[0]
    assert first.external_id == "1679703"
    assert first.title == "Incinerators"
    assert first.url == (
        "https://questions-statements.parliament.uk/written-questions/detail/2024-01-05/8024"
    )
    assert first.member_ids == [4410, 4861]
    assert first.organisations == ["Department for Environment, Food and Rural Affairs"]
    assert first.published == datetime(2024, 1, 5, tzinfo=LONDON)
    assert first.updated == datetime(2024, 3, 12, tzinfo=LONDON)
    assert first.extra["uin"] == "8024"
    assert first.extra["house"] == "Commons"
    assert first.extra["dateAnswered"] == "2024-03-12T00:00:00"
    assert first.extra["isWithdrawn"] is False
    assert first.extra["answerTruncated"] is True
    assert "Industrial Emissions Directive environmental permits" in first.body
    assert "Environment Agency (EA) is re..." in first.body


def test_written_questions_page_on_until_total_results(read_sample):
    data = json.loads(read_sample(WQ_LIST))
    data["totalResults"] = 45
    body = json.dumps(data).encode()
    parse = get_parser("parliament-written-questions")
    result = parse(body, url=f"{WQ_API}?take=20&skip=0", options={})
    assert result.next_url == f"{WQ_API}?take=20&skip=20"
    last = parse(body, url=f"{WQ_API}?take=20&skip=40", options={})
    assert last.next_url is None


def test_written_questions_stop_paging_at_max_pages(read_sample):
    data = json.loads(read_sample(WQ_LIST))
    data["totalResults"] = 500
    body = json.dumps(data).encode()
    parse = get_parser("parliament-written-questions")
    assert parse(body, url=f"{WQ_API}?take=20&skip=20", options={"max_pages": 2}).next_url is None
    assert parse(body, url=f"{WQ_API}?take=20", options={"max_pages": 2}).next_url is not None


def test_a_single_written_question_gives_its_full_answer_as_plain_text(read_sample):
    body = read_sample("parliament-written-questions/question-1679416-item.json")
    (item,) = get_parser("parliament-written-questions")(
        body, url=f"{WQ_API}/1679416", options={}
    ).items
    assert item.title == "Apprentices: Employment Agencies"
    assert item.url.endswith("/written-questions/detail/2024-01-05/7926")
    assert item.member_ids == [4253, 3985]
    assert "44 FJAAs" in item.body
    assert "<p>" not in item.body and "target=" not in item.body
    assert item.extra["answerTruncated"] is False


def test_a_question_that_gets_answered_changes_its_content_hash(read_sample):
    value = json.loads(read_sample("parliament-written-questions/question-1679416-item.json"))
    unanswered = json.loads(json.dumps(value))
    unanswered["value"].update(answerText=None, dateAnswered=None, answeringMemberId=None)
    parse = get_parser("parliament-written-questions")
    before = parse(json.dumps(unanswered).encode(), url=WQ_API, options={}).items[0]
    after = parse(json.dumps(value).encode(), url=WQ_API, options={}).items[0]
    assert before.external_id == after.external_id
    assert before.content_hash != after.content_hash


def test_html_where_the_written_questions_json_was_expected_is_explained():
    with pytest.raises(ParseError, match="Expected JSON from the Written Questions API, got HTML"):
        get_parser("parliament-written-questions")(
            b"<!DOCTYPE html><html><body>Service unavailable</body></html>", url=WQ_API, options={}
        )


def test_json_without_the_written_questions_envelope_is_explained():
    with pytest.raises(
        ParseError, match="Expected a JSON object with 'results'.* from the Written Questions API"
    ):
        get_parser("parliament-written-questions")(b'{"items": []}', url=WQ_API, options={})


def test_early_day_motions_give_sponsors_and_plain_motion_text(read_fixture):
    url = "https://oralquestionsandmotions-api.parliament.uk/EarlyDayMotions/list?parameters.take=2"
    result = get_parser("parliament-edms")(read_fixture("edms-list.json"), url=url, options={})
    first, second = result.items
    assert first.external_id == "61234"
    assert first.url == "https://edm.parliament.uk/early-day-motion/61234"
    assert first.title == "Support for families of missing people"
    assert first.member_ids == [4514]
    assert first.published == datetime(2024, 2, 5, tzinfo=LONDON)
    assert "over 170,000 people" in first.body and "<b>" not in first.body
    assert "alert" not in second.body
    assert result.next_url.endswith("parameters.take=2&parameters.skip=2")


def test_an_early_day_motion_in_detail_lists_every_sponsor(read_fixture):
    (item,) = get_parser("parliament-edms")(
        read_fixture("edm-detail.json"), url="https://x.test/EarlyDayMotion/61234", options={}
    ).items
    assert item.member_ids == [4514, 4750]


def test_an_early_day_motions_error_response_is_explained():
    body = b'{"Success": false, "Errors": ["Invalid take"], "Response": null}'
    with pytest.raises(ParseError, match="Invalid take"):
        get_parser("parliament-edms")(body, url="https://x.test/", options={})


def test_bills_give_their_public_page_and_current_stage(read_sample):
    url = "https://bills-api.parliament.uk/api/v1/Bills?SearchTerm=rates&Take=20"
    result = get_parser("parliament-bills")(
        read_sample("parliament-bills/bills-search.json"), url=url, options={}
    )
    (bill,) = result.items
    assert bill.external_id == "2818"
    assert bill.url == "https://bills.parliament.uk/bills/2818"
    assert bill.title == "Abolition of Business Rates Bill"
    assert bill.summary == "Current stage: 2nd reading (Commons)"
    assert bill.updated.date() == date(2021, 5, 4)
    # The sample holds one bill of a larger total: the next page starts after that one.
    assert result.next_url.endswith("Take=20&Skip=1")


def test_bill_stages_give_one_item_per_stage_with_sitting_dates(read_sample):
    url = "https://bills-api.parliament.uk/api/v1/Bills/2818/Stages"
    first, second = get_parser("parliament-bills")(
        read_sample("parliament-bills/bill-2818-stages.json"), url=url, options={}
    ).items
    assert first.url == "https://bills.parliament.uk/bills/2818/stages/12654"
    assert first.title == "1st reading (Commons)"
    assert first.published == datetime(2021, 1, 12, tzinfo=LONDON)
    assert second.title == "2nd reading (Commons)"
    assert second.published is None


def test_committee_publications_give_their_document_link(read_sample):
    url = "https://committees-api.parliament.uk/api/Publications?CommitteeId=203"
    items = get_parser("parliament-committees")(
        read_sample("parliament-committees/publications-committee-203.json"), url=url, options={}
    ).items
    assert [item.external_id for item in items] == [
        "publication/46016",
        "publication/46017",
        "publication/46019",
        "publication/46004",
        "publication/45887",
    ]
    first = items[0]
    assert (
        first.title
        == "Letter from DCMS Secretary of State on National Youth Strategy dated 06.12.24"
    )
    assert first.document_url == (
        "https://committees.parliament.uk/publications/46016/documents/229090/default/"
    )
    assert first.organisations == ["Education Committee"]
    assert first.published == datetime(2024, 12, 17, 10, 15, tzinfo=LONDON)
    report = items[3]
    assert report.extra["hcNumber"] == "HC 429"
    assert report.extra["businesses"] == ["Pre-appointment Hearing: Chief Regulator of Ofqual"]


def test_calls_for_evidence_carry_their_submission_deadline(read_fixture):
    url = (
        "https://committees-api.parliament.uk/api/CommitteeBusiness?CurrentlyAcceptingEvidence=true"
    )
    open_call, rolling = get_parser("parliament-committees")(
        read_fixture("committee-business.json"), url=url, options={}
    ).items
    assert open_call.url == "https://committees.parliament.uk/work/8721/"
    assert open_call.deadline == date(2025, 3, 3)
    assert open_call.opens == date(2025, 1, 15)
    assert open_call.extra["callForEvidenceUrl"] == (
        "https://committees.parliament.uk/call-for-evidence/3601/"
    )
    assert rolling.deadline is None
    assert rolling.extra["acceptingEvidence"] is True


def test_hansard_contributions_link_to_the_debate_and_drop_scripts(read_fixture):
    url = (
        "https://hansard-api.parliament.uk/search/contributions/Spoken.json?queryParameters.take=1"
    )
    result = get_parser("hansard")(read_fixture("hansard-contributions.json"), url=url, options={})
    (item,) = result.items
    assert item.external_id == "contribution/AB12CD34-0000-4000-8000-000000000001"
    assert item.url == (
        "https://hansard.parliament.uk/Commons/2024-03-14/debates/"
        "5E6F7A8B-0000-4000-8000-000000000002/MissingChildrenExploitation"
        "#contribution-AB12CD34-0000-4000-8000-000000000001"
    )
    assert item.member_ids == [4514]
    assert item.body == "Children who go missing from care are at risk of exploitation."
    assert item.summary == "Jane Example (Exampleton) (Lab): children who go missing from care"
    assert result.next_url.endswith("queryParameters.skip=1")


def test_hansard_debates_link_to_the_debate(read_fixture):
    (item,) = get_parser("hansard")(
        read_fixture("hansard-debates.json"), url="https://x.test/search/debates.json", options={}
    ).items
    assert item.url.startswith("https://hansard.parliament.uk/Lords/2024-01-18/debates/9C8D7E6F")
    assert item.title == "Missing Persons (Guardianship) Act"


def test_a_list_where_an_envelope_was_expected_is_explained():
    with pytest.raises(ParseError, match="got a JSON list"):
        get_parser("hansard")(b"[]", url="https://x.test/", options={})


def test_truncated_json_is_explained():
    with pytest.raises(ParseError, match="not valid JSON"):
        get_parser("parliament-bills")(b'{"items": [', url="https://x.test/", options={})


def test_json_declared_as_latin_1_decodes_correctly():
    body = '{"items": [{"billId": 1, "shortTitle": "Caf\u00e9 Licensing Bill"}]}'.encode("latin-1")
    (bill,) = get_parser("parliament-bills")(
        body,
        url="https://x.test/",
        options={"content_type": "application/json; charset=ISO-8859-1"},
    ).items
    assert bill.title == "Caf\u00e9 Licensing Bill"


@pytest.mark.parametrize(
    ("title", "summary", "body"),
    [
        ("Missing children", "To ask the Secretary of State.", "To ask the Secretary of State."),
        ("  Missing\tchildren ", "Two  spaces.\n\nAnd lines.", "Other\x1cbody"),
        ("Caf\xe9\xa0Kent", "A\u2003summary", "A\u2003summary"),
        ("", "", ""),
    ],
)
def test_content_hashes_stay_those_already_stored(title, summary, body):
    import hashlib
    import re

    def stored(text):
        return re.sub(r"\s+", " ", text).strip()

    parts = [stored(title), stored(summary), stored(body), "2025-01-31"]
    expected = hashlib.sha256("\x1f".join(parts).encode("utf-8")).hexdigest()
    assert content_hash(title, summary, body, date(2025, 1, 31)) == expected
