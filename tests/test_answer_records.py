"""Answers that respect which record a question names: numbered sessions, the body that met,
who was elected, a share's basis and what is counted. Synthetic articles, written for these
tests."""

from __future__ import annotations

import pytest

from hbt_qa.answering.answer import ask
from hbt_qa.answering.constraints import asked_organ, asked_session, question_constraints
from hbt_qa.index.store import Store
from hbt_qa.language.persons import persons
from hbt_qa.language.question_time import parse_question_time
from hbt_qa.language.values import counted, has_value, percent_basis, percents_against

ARTICLES = {  # synthetic
    "ky16.txt": (
        "HĐND quận Thanh Xuân tổ chức Kỳ họp thứ 16",
        "2023-12-14",
        "Ngày 14/12/2023, HĐND quận Thanh Xuân khai mạc Kỳ họp thứ 16. Chủ tịch HĐND quận "
        "Thanh Xuân Ninh Văn Toàn chủ trì kỳ họp. Kỳ họp đã thông qua 12 nghị quyết về dự toán "
        "ngân sách năm 2024.",
    ),
    "ky17.txt": (
        "HĐND quận Thanh Xuân tổ chức Kỳ họp thứ 17",
        "2024-07-10",
        "Ngày 10/7/2024, HĐND quận Thanh Xuân khai mạc Kỳ họp thứ 17. Chủ tịch HĐND quận "
        "Thanh Xuân Giáp Thị Hạnh chủ trì kỳ họp. Kỳ họp đã thông qua 9 nghị quyết. Kỳ họp đã "
        "bầu bổ sung ông Đinh Công Sơn, Trưởng Công an quận, giữ chức Ủy viên UBND quận. "
        "6 tháng đầu năm 2024, thu ngân sách quận sau điều tiết đạt 412 tỷ đồng, đạt 47% so với "
        "dự toán, bằng 112% so với cùng kỳ.",
    ),
    "cochair.txt": (
        "HĐND phường Mai Lâm tổ chức kỳ họp thứ Năm",
        "2031-03-06",
        "Ngày 5/3/2031, HĐND phường Mai Lâm tổ chức kỳ họp thứ Năm. Bà Hà Thị Yến, Bí thư Đảng "
        "ủy, Chủ tịch HĐND phường và ông Vương Đình Khải, Phó Chủ tịch HĐND phường đồng chủ tọa "
        "kỳ họp. Kỳ họp thông qua 4 nghị quyết.",
    ),
    "ubnd5.txt": (
        "UBND quận Thanh Xuân họp phiên thường kỳ tháng 5 năm 2024",
        "2024-05-29",
        "Ngày 29/5/2024, Chủ tịch UBND quận Thanh Xuân Lê Hồng Phong chủ trì phiên họp UBND "
        "quận tháng 5. Tổng thu ngân sách trên địa bàn 5 tháng đầu năm 2024 đạt 3.412 tỷ 760 "
        "triệu đồng, đạt 41% so với dự toán.",
    ),
}


@pytest.fixture(scope="module")
def store(tmp_path_factory: pytest.TempPathFactory) -> Store:
    from fakes import indexed_articles

    return indexed_articles(tmp_path_factory.mktemp("records"), ARTICLES)  # type: ignore[return-value]


def test_a_numbered_session_is_read_in_three_spellings():
    assert asked_session("Ai chủ trì Kỳ họp thứ 16 HĐND quận?") == 16
    assert asked_session("ky hop thu 17 khai mac ngay nao") == 17
    assert asked_session("What did the council pass at its 17th session?") == 17
    assert asked_session("Kỳ họp giữa năm 2024 thông qua gì?") is None


def test_the_body_that_met_is_not_a_role():
    assert asked_organ("Ai chủ trì Kỳ họp thứ 16 HĐND quận Đống Đa?") == "HĐND"
    assert asked_organ("Tổng thu bao nhiêu theo phiên họp UBND tháng 5?") == "UBND"
    assert asked_organ("Chủ tịch UBND quận đề nghị gì?") is None  # a role, not a meeting
    assert asked_organ("What did the People's Council session decide?") == "HĐND"


def test_another_numbered_session_never_answers(store: Store):
    ans = ask(store, None, "Kỳ họp thứ 17 HĐND quận Thanh Xuân thông qua bao nhiêu nghị quyết?")
    assert ans.found and "9 nghị quyết" in (ans.sentence or "") and ans.value == "9"
    ans = ask(store, None, "Ky hop thu 16 HDND quan Thanh Xuan thong qua bao nhieu nghi quyet?")
    assert ans.found and ans.value == "12"
    ans = ask(store, None, "Kỳ họp thứ 18 HĐND quận Thanh Xuân thông qua bao nhiêu nghị quyết?")
    assert not ans.found  # no record of that session: not the 16th's or the 17th's count


def test_who_was_elected_and_a_surname_beyond_the_common_ones(store: Store):
    ans = ask(store, None, "Kỳ họp thứ 17 HĐND quận Thanh Xuân đã bầu bổ sung ai?")
    assert ans.found and ans.value == "Đinh Công Sơn"
    ans = ask(store, None, "Ai chủ trì Kỳ họp thứ 16 HĐND quận Thanh Xuân?")
    assert ans.found and "Ninh Văn Toàn" in (ans.value or "")
    assert persons("bà Lê Thị Hoa làm Phó Chủ tịch") == [("Lê Thị Hoa", 3, 13)]
    assert persons("Bí thư Quận ủy phát biểu; bà Lê Thị Hoa") == [("Lê Thị Hoa", 29, 39)]
    # A name typed with a small letter inside is never cut into a fragment ("ồng Hà").
    found = persons("Bà Trần Nữ hồng Hà – Chủ tịch UBND phường phát biểu")
    assert [name for name, _, _ in found] == ["Trần Nữ"]
    found = persons("HĐND huyện đã bầu ông Âu Quốc Việt, Trưởng Ban Pháp chế HĐND huyện")
    assert [name for name, _, _ in found] == ["Âu Quốc Việt"]  # the name, not "ông …"


def test_a_share_is_taken_against_the_basis_the_question_names(store: Store):
    q = "Thu ngân sách quận sau điều tiết 6 tháng 2024 bằng bao nhiêu % so với cùng kỳ?"
    assert percent_basis(q) == "cung ky" and percent_basis("thu bao nhiêu tỷ?") is None
    sentence = "đạt 47% so với dự toán, bằng 112% so với cùng kỳ"
    assert [v for v, _, _ in percents_against(sentence, "cung ky")] == ["bằng 112%"]
    # The basis before the share ("so dự toán giao đạt 42%"); a later figure has its own.
    before = "thu 404 tỷ đồng, so dự toán giao đạt 42% và bằng 96% so cùng kỳ"
    assert [v for v, _, _ in percents_against(before, "du toan")] == ["đạt 42%"]
    assert [v for v, _, _ in percents_against(before, "cung ky")] == ["bằng 96%"]
    after = "ước đạt 500 tỷ đồng, tăng 12% so với cùng kỳ, đạt 95% dự toán"
    assert [v for v, _, _ in percents_against(after, "cung ky")] == ["tăng 12%"]
    # An amount or a count asked against a basis is no share; "tổng số" is no "so với".
    assert percent_basis("Thu ngân sách tăng bao nhiêu tỷ đồng so với cùng kỳ?") is None
    assert percent_basis("Tổng số dự toán được giao là bao nhiêu?") is None
    ans = ask(store, None, q)
    assert ans.found and "112%" in (ans.value or "")


def test_a_count_is_not_answered_with_money(store: Store):
    assert counted("vu chay") and not counted("ngan sach") and not counted("ty dong")
    assert not has_value("number", "thu đạt 412 tỷ đồng", "vu chay")
    ans = ask(store, None, "How many fires occurred in Thanh Xuan district in 2024?")
    assert not ans.found


def test_the_meeting_organ_is_preferred(store: Store):
    assert question_constraints("theo phiên họp UBND tháng 5").organ == "UBND"
    ans = ask(
        store,
        None,
        "Tổng thu ngân sách trên địa bàn quận Thanh Xuân 5 tháng đầu năm 2024 theo phiên họp "
        "UBND tháng 5 là bao nhiêu?",
    )
    assert ans.found and "3.412 tỷ 760 triệu" in (ans.value or "")


def test_months_counted_before_a_bare_year_are_a_period():
    t = parse_question_time("thu ngan sach 5 thang 2024")
    assert t is not None and (t.kind, t.months, t.year) == ("ytd", (1, 2, 3, 4, 5), 2024)
    assert parse_question_time("5 tháng đầu") is None  # no year named
    whole = question_constraints("What was the total revenue for the whole of 2023?")
    assert whole.whole_year and not question_constraints("all of the wards in 2023").whole_year


def test_a_count_names_what_it_counts():
    from hbt_qa.language.values import counts

    s = "Kỳ họp đã thông qua 6 nghị quyết, trong đó có nghị quyết về danh mục 9 dự án."
    assert [v for v, _, _ in counts(s, "nghi quyet")] == ["6"]
    assert [v for v, _, _ in counts("Số nghị quyết được thông qua: 7.", "nghi quyet")] == ["7"]
    # A number that names (a term, a session, a numbered document) counts nothing.
    s = "HĐND xã khóa 3 tổ chức kỳ họp thứ 12 theo Nghị quyết số 15 về kỳ họp."
    assert counts(s, "ky hop") == []
    s = "Kỳ họp bổ sung danh mục 21 dự án; tổng số 30 đại biểu dự họp."
    assert [v for v, _, _ in counts(s, None)] == ["21", "30"]


@pytest.mark.parametrize(
    ("question", "noun"),
    [
        ("How many public investment submissions did the Doi May council consider?", "to trinh"),
        ("How many submissions on investment policy did Doi May pass?", "to trinh"),
        ("How many reports and submissions will the session consider?", "bao cao"),
        ("How many petitions were received?", "kien nghi"),
        ("How many revenue sources met their estimates?", "nguon thu"),  # a two-word head
        ("How many of them were approved?", None),
        ("How many voters attended the meeting?", "cu tri"),  # the verb is no head
    ],
)
def test_an_english_count_names_the_head_of_its_noun_group(question: str, noun: str | None) -> None:
    from hbt_qa.language.values import count_noun

    assert count_noun(question) == noun


def test_a_typed_question_is_answered_by_a_sentence_holding_its_value():
    from hbt_qa.answering.answer import decide
    from hbt_qa.answering.decide import Candidate
    from hbt_qa.answering.search import SearchResult
    from hbt_qa.index.query import plan_query
    from hbt_qa.models import Hit

    text = "Các nghị quyết vừa được thông qua. Kỳ họp đã thông qua 6 nghị quyết."
    hit = Hit("a", "a.txt", None, "Kỳ họp thứ 9", None, "a#p0", text, 0, len(text), 1.0)
    result = SearchResult(plan_query("Kỳ họp thông qua bao nhiêu nghị quyết?"), [hit])
    closing = Candidate(0, 0, 34, text[:34], 0.6, 0.5, 1.4)
    counted_ = Candidate(0, 35, len(text), text[35:], 0.5, 0.5, 1.3, 0, True)
    best, confidence = decide(result, "number", [closing, counted_])
    assert best is counted_ and 0.0 < confidence <= 1.0
    assert decide(result, "number", []) == (None, 0.0)


def test_an_english_what_can_ask_for_an_amount():
    from hbt_qa.language.values import question_type

    assert question_type("What was Tay Ho's total revenue for the whole of 2023?") == "number"
    assert question_type("In May, what did the district estimate its revenue would be?") == "number"
    assert question_type("What was decided about the budget?") == "fact"
    # The amount named right after "what", or first in a terse question, is asked for.
    assert question_type("What GRDP growth did Dong Nai record for 2031?") == "number"
    assert question_type("What budget issues did delegates raise?") == "fact"
    assert question_type("tang truong grdp dong nai nam 2031") == "number"
    assert question_type("Tăng trưởng kinh tế được đánh giá như thế nào?") == "fact"
    # How fast something grew asks its rate, and the period it is asked for is then strict.
    q = "How fast did Doi May's GRDP grow in the first nine months of 2031?"
    assert question_type(q) == "number" and question_constraints(q).figure


def test_a_vietnamese_how_many_with_may_asks_a_count():
    from hbt_qa.language.values import count_noun, counts, question_type

    assert question_type("Kỳ họp thông qua mấy nghị quyết?") == "number"
    assert question_type("ky hop lam viec trong may ngay") == "number"
    assert count_noun("Đề xuất mấy nhóm giải pháp?") == "nhom giai"
    assert count_noun("Nhà máy nước được đầu tư bao nhiêu tỷ đồng?") == "ty dong"
    # A number as a name, an ordinal or a time of day is no count; an English "may" a verb.
    for q in ("Kế hoạch số mấy?", "Khai mạc kỳ họp thứ mấy?", "Đại biểu Quốc hội khóa mấy?",
              "ky hop bat dau luc may gio", "What may the council decide on land?",
              "Nhà máy xử lý rác được xây ở đâu?", "Ngành dệt may đóng góp gì?",
              "nha may nuoc o dau", "Kỳ họp khai mạc vào tháng mấy?"):  # fmt: skip
        assert question_type(q) == "fact", q
    # An English page counts in English words the glossary gives ("groups" for "nhóm").
    assert counts("the council proposed 3 groups of solutions in 2031", "nhom giai") == [
        ("3", 21, 22)
    ]


def test_a_ward_the_records_name_is_a_place_even_when_not_listed(tmp_path_factory):
    from fakes import indexed_articles

    wards = {  # synthetic; neither ward is in constraints.WARDS
        "nhattan.txt": (
            "Phường Nhật Tân (quận Tây Hồ) tổng kết công tác năm 2023",
            "2023-12-20",
            "Ngày 20/12/2023, HĐND phường Nhật Tân tổ chức kỳ họp cuối năm. Năm 2023, thu ngân "
            "sách trên địa bàn phường đạt 61 tỷ 240 triệu đồng, đạt 112% so với dự toán.",
        ),
        "quangan.txt": (
            "Phường Quảng An (quận Tây Hồ) tổng kết công tác năm 2023",
            "2023-12-21",
            "Ngày 21/12/2023, HĐND phường Quảng An tổ chức kỳ họp cuối năm. Năm 2023, thu ngân "
            "sách trên địa bàn phường đạt 48 tỷ 105 triệu đồng, đạt 108% so với dự toán.",
        ),
        "nhattan-2024.txt": (
            "Phường Nhật Tân (quận Tây Hồ) sơ kết 6 tháng đầu năm 2024",
            "2024-06-25",
            "Ngày 25/6/2024, phường Nhật Tân sơ kết 6 tháng đầu năm. 6 tháng đầu năm 2024, thu "
            "ngân sách trên địa bàn phường đạt 30 tỷ 415 triệu đồng, đạt 52% so với dự toán.",
        ),
    }
    s = indexed_articles(tmp_path_factory.mktemp("wards"), wards)
    assert {"Nhật Tân", "Quảng An", "Hà Nội"} <= set(s.known_places())  # type: ignore[attr-defined]
    # A province a record carries is known too: typed bare and lowercase, it is still a place.
    assert "ha noi" in question_constraints("thu ngan sach ha noi 2023", s.known_places()).places  # type: ignore[attr-defined]
    assert question_constraints("thu ngân sách phường Quảng An", s.known_places()).places == (  # type: ignore[attr-defined]
        "quang an",
    )
    for ward, figure, other in (
        ("Quảng An", "48 tỷ 105", "61 tỷ"),
        ("Nhat Tan", "61 tỷ 240", "48"),
    ):
        ans = ask(s, None, f"Thu ngân sách phường {ward} năm 2023 đạt bao nhiêu?")  # type: ignore[arg-type]
        assert ans.found and figure in (ans.value or ""), ward
        assert other not in (ans.value or "")
    # Only Nhật Tân reported the first half of 2024: its figure never answers for Quảng An.
    ans = ask(s, None, "Thu ngân sách phường Quảng An 6 tháng đầu năm 2024 đạt bao nhiêu?")  # type: ignore[arg-type]
    assert not ans.found, ans.text


def test_people_who_presided_together_are_all_named(store: Store):
    from hbt_qa.language.persons import joint_chairs

    ans = ask(store, None, "Ai đồng chủ tọa kỳ họp thứ Năm HĐND phường Mai Lâm?")
    assert ans.found and ans.value == "Hà Thị Yến và Vương Đình Khải"
    a, b = ans.highlight or (0, 0)
    assert ans.sentence[a:b].startswith("Hà Thị Yến") and ans.sentence[a:b].endswith("Khải")
    en = ask(store, None, "Who co-chaired the fifth session of Mai Lam ward People's Council?")
    assert en.found and en.value == "Hà Thị Yến and Vương Đình Khải"
    # One chair is one name; an office asked is its holder alone.
    assert joint_chairs("Chủ tịch HĐND phường Mai Lâm Hà Thị Yến chủ trì kỳ họp.") == []
    chair = ask(store, None, "Phó Chủ tịch HĐND phường Mai Lâm là ai?")
    assert chair.found and chair.value and "Vương Đình Khải" in chair.value
    assert "Hà Thị Yến" not in chair.value


def test_a_council_of_another_tenure_is_a_contradiction() -> None:
    from fakes import hit

    from hbt_qa.answering.constraints import session_fit

    asked = question_constraints(
        "Kỳ họp thứ 7 HĐND thành phố Lam Sơn khóa X thông qua mấy nghị quyết?"
    )
    assert (asked.session, asked.tenure) == (7, 10)
    assert question_constraints("What did the 16th-tenure council adopt?").tenure == 16
    older = hit(title="Bế mạc kỳ họp thứ 7 HĐND thành phố Lam Sơn khóa IX", text="Kỳ họp bế mạc.")
    same = hit(title="Kỳ họp thứ 7 HĐND thành phố Lam Sơn khóa X", text="Kỳ họp bế mạc.")
    unsaid = hit(title="Kỳ họp thứ 7 HĐND thành phố Lam Sơn", text="Kỳ họp bế mạc.")
    assert session_fit(asked, older) == 0.0
    assert session_fit(asked, same) == 1.0
    assert session_fit(asked, unsaid) == 1.0  # the session matches, the tenure is unknown
    # "khóa học" (a course) or a term of years names no tenure.
    assert (
        question_constraints("Khóa học bồi dưỡng nhiệm kỳ 2021-2026 có bao nhiêu người?").tenure
        is None
    )
    # A passage naming only the outgoing tenure, in a record whose title does not say, is not.
    opened = hit(title="Kỳ họp thứ 7", text="Phó Chủ tịch HĐND khóa IX chủ tọa kỳ họp thứ 7.")
    assert session_fit(asked, opened) == 1.0  # the session is the asked one
    tenure_only = question_constraints("HĐND thành phố Lam Sơn khóa X có bao nhiêu đại biểu?")
    assert session_fit(tenure_only, opened) == 0.5


def test_the_offices_own_district_answers_a_question_that_names_none(tmp_path_factory) -> None:
    from fakes import indexed_articles

    articles = {  # synthetic: two districts report the same figure the same month
        "a.txt": ("UBND quận Lam Sơn họp phiên tháng 5 năm 2031", "2031-05-29",
                  "Tính đến ngày 27/5/2031, quận Lam Sơn giải ngân vốn đầu tư công đạt 118 tỷ."),
        "b.txt": ("UBND quận Đồi Mây họp phiên tháng 5 năm 2031", "2031-05-28",
                  "Tính đến ngày 26/5/2031, quận Đồi Mây giải ngân vốn đầu tư công đạt 97 tỷ."),
    }  # fmt: skip
    store = indexed_articles(tmp_path_factory.mktemp("home"), articles)
    q = "Tính đến tháng 5 quận đã giải ngân được bao nhiêu vốn đầu tư công?"
    for home, value in ((("lam son",), "118 tỷ"), (("doi may",), "97 tỷ")):
        ans = ask(store, None, q, home=home)  # type: ignore[arg-type]
        assert ans.found and ans.value == value
    # A place the question names wins over the office's own.
    named = ask(
        store, None, "Quận Đồi Mây đã giải ngân bao nhiêu vốn đầu tư công?", home=("lam son",)
    )  # type: ignore[arg-type]
    assert named.value == "97 tỷ"


def test_a_session_named_with_another_tenure_in_the_text_is_a_contradiction() -> None:
    from fakes import hit

    from hbt_qa.answering.constraints import session_fit

    asked = question_constraints(
        "Kỳ họp thứ 7 HĐND thành phố Lam Sơn khóa X thông qua mấy nghị quyết?"
    )
    untitled = "HĐND thành phố Lam Sơn bế mạc"
    older = hit(title=untitled, text="Sáng 8/12, kỳ họp thứ 7 HĐND thành phố khóa IX bế mạc.")
    same = hit(title=untitled, text="Sáng 8/12, kỳ họp thứ 7 HĐND thành phố khóa X bế mạc.")
    english = hit(title=untitled, text="The 7th session of the 9th City People's Council closed.")
    other_session = hit(title=untitled, text="Kỳ họp thứ 6 HĐND thành phố khóa IX đã thông qua.")
    assert session_fit(asked, older) == 0.0
    assert session_fit(asked, english) == 0.0
    assert session_fit(asked, same) == 1.0
    assert session_fit(asked, other_session) == 0.0  # another numbered session, as before
    # The session's own tenure only: the outgoing one named before it says nothing.
    opened = hit(title=untitled, text="Phó Chủ tịch HĐND khóa IX chủ tọa kỳ họp thứ 7.")
    assert session_fit(asked, opened) == 1.0


def test_the_value_is_the_one_its_own_words_describe():
    from hbt_qa.language.value_pick import pick_value

    # Each value with the words of its own clause of a list of figures.
    s = (
        "Tại kỳ họp, HĐND thông qua Nghị quyết phê duyệt chủ trương đầu tư 07 dự án; "
        "Nghị quyết điều chỉnh chủ trương đầu tư 03 dự án đầu tư công của xã."
    )
    q = "Kỳ họp điều chỉnh chủ trương đầu tư bao nhiêu dự án đầu tư công?"
    terms = ("ky", "hop", "dieu", "chinh", "chu", "truong", "dau", "tu", "du", "an", "cong")
    assert pick_value("number", q, terms, s)[0] == "03"
    q = "Kỳ họp phê duyệt chủ trương đầu tư bao nhiêu dự án?"
    terms = ("ky", "hop", "phe", "duyet", "chu", "truong", "dau", "tu", "du", "an")
    assert pick_value("number", q, terms, s)[0] == "07"
    # A figure asked against a basis is the one given against it, "%" named or not.
    s = "Tổng thu ngân sách ước 235 tỷ đồng; đạt 24% dự toán, tăng 11% so với cùng kỳ."
    q = "Tổng thu ngân sách tăng bao nhiêu so với cùng kỳ?"
    terms = ("tong", "thu", "ngan", "sach", "tang", "cung", "ky")
    assert pick_value("number", q, terms, s)[0] == "tăng 11%"
    # In a list of "label: value" items, the label before the colon is the value's own words.
    s = (
        "Cụ thể, thu thuế và phí 73 tỷ đồng, bằng 25% so với dự toán giao; thu cấp, thuê đất, "
        "bán nhà: 50 tỷ đồng, bằng 28% so với dự toán; thu tài chính: 4 tỷ đồng, bằng 17%."
    )
    q = "thu tien thue dat ban nha xa doi may quy 1 bao nhieu"
    terms = ("thu", "tien", "thue", "dat", "ban", "nha", "doi", "may")
    assert pick_value("number", q, terms, s)[0] == "50 tỷ đồng"


def test_in_one_clause_the_value_is_the_one_its_own_words_and_predicate_describe():
    from hbt_qa.language.value_pick import pick_value

    def terms(q: str) -> tuple[str, ...]:
        from hbt_qa.language.text import fold_words

        return tuple(fold_words(q).split())

    # A list of figures parted by commas only: each value with the words of its own part.
    s = "HĐND xã phê duyệt chủ trương đầu tư 09 dự án, điều chỉnh chủ trương đầu tư 04 dự án."
    for q, value in [
        ("HĐND xã phê duyệt chủ trương đầu tư bao nhiêu dự án?", "09"),
        ("HĐND xã điều chỉnh chủ trương đầu tư bao nhiêu dự án?", "04"),
    ]:
        assert pick_value("number", q, terms(q), s)[0] == value
    # The whole before its part after "trong đó", unless the part's own words are asked.
    s = "Nhiệm kỳ qua, HĐND xã ban hành 140 nghị quyết, trong đó có 95 nghị quyết về đất đai."
    q = "Nhiệm kỳ qua HĐND xã ban hành bao nhiêu nghị quyết?"
    assert pick_value("number", q, terms(q), s)[0] == "140"
    q = "HĐND xã ban hành bao nhiêu nghị quyết về đất đai?"
    assert pick_value("number", q, terms(q), s)[0] == "95"
    # The subject shared by the list; the question's predicate ("thực hiện đạt") decides.
    s = "Thu giao xã, thị trấn quản lý là 50.125 triệu đồng, thực hiện đạt 48.720 triệu đồng."
    q = "Thu giao xã, thị trấn quản lý thực hiện đạt bao nhiêu?"
    assert pick_value("number", q, terms(q), s)[0].endswith(" 48.720 triệu đồng")
    q = "Thu giao xã, thị trấn quản lý là bao nhiêu?"
    assert pick_value("number", q, terms(q), s)[0] == "50.125 triệu đồng"


def test_an_amount_asked_in_money_by_name_is_not_answered_by_a_share():
    from hbt_qa.language.values import has_value, names_currency

    q = "How much budget revenue, in VND, did Doi May commune collect in 2031?"
    assert names_currency(q) and not names_currency("Thu ngân sách xã đạt bao nhiêu?")
    assert not has_value("number", "Doi May recorded a 7.79% growth.", None, True, None, True)
    assert has_value("number", "Xã thu ngân sách 5.000 tỷ đồng.", None, True, None, True)
    assert has_value("number", "Xã thu ngân sách đạt 102% dự toán.", None, True, None, False)


def test_the_parts_listed_after_a_figure_do_not_answer_for_it():
    from hbt_qa.answering.answer import _adds_nothing
    from hbt_qa.index.query import plan_query

    plan = plan_query("quy 1 nam 2031 xa doi may thu ngan sach do xa quan ly duoc bao nhieu")
    whole = "Trong đó, thu ngân sách do xã quản lý 127 tỷ đồng, đạt 26% dự toán."
    parts = "Cụ thể, thu thuế và phí 73 tỷ đồng; thu tiền sử dụng đất 50 tỷ đồng."
    assert _adds_nothing(plan, parts, whole)  # the figure before answers, not its parts
    # A part asked by its own words is its own sentence's, with the context before it.
    fees = plan_query("Quý I năm 2031 xã Đồi Mây thu thuế và phí được bao nhiêu?")
    assert not _adds_nothing(fees, parts, whole)
    # On an English page, the question's English words decide.
    vi_on_en = plan_query("Thu ngân sách địa phương của Hà Nội năm 2017 đạt bao nhiêu?")
    total = "Total state budget revenue is over VND 212.5 trillion."
    local = "Of which, local budget revenue is over VND 138.5 trillion."
    assert not _adds_nothing(vi_on_en, local, total)
