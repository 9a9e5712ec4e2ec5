"""Legacy Vietnamese encodings: round trips are exact and other texts are not mistaken for them."""

from __future__ import annotations

import pytest

from hbt_qa.ingest.legacy import (
    TCVN3_DECODE,
    VNI_ENCODE,
    decode_tcvn3,
    decode_vni,
    detect_legacy,
    encode_cp1258,
    encode_tcvn3,
    encode_vni,
    is_vietnamese_syllable,
)

# Invented sentences in the style of the records (synthetic).
SENTENCES = [
    "Ngày 28/5/2024, Chủ tịch UBND quận Nguyễn Quang Trung chủ trì phiên họp.",
    "Thu ngân sách nhà nước trên địa bàn ước đạt 4.206 tỷ đồng, bằng 48% dự toán năm.",
    "Công tác đầu tư xây dựng được đẩy mạnh; giải ngân đạt trên 115 tỷ đồng.",
    "Quận tiếp tục rà soát, xử lý vi phạm trật tự xây dựng và lấn chiếm vỉa hè.",
    "Hội đồng nhân dân phường Bạch Đằng thông qua nghị quyết về kế hoạch đầu tư công.",
    "Đồng chí Bí thư Quận ủy yêu cầu các phường khẩn trương hoàn thiện hồ sơ bồi thường.",
    "Tỷ lệ hộ gia đình văn hóa đạt 92,5%; không để xảy ra cháy nổ nghiêm trọng.",
    "Sở Tài chính hướng dẫn quyết toán; Ủy ban kiểm tra việc sử dụng nguồn vốn ứng trước.",
    "HỘI NGHỊ TỔNG KẾT CÔNG TÁC NĂM 2023 CỦA QUẬN HAI BÀ TRƯNG",
    "Ông Lưu Ngọc Hưởng, Phó Chủ tịch Thường trực, đề nghị rút kinh nghiệm sâu sắc.",
]
TEXT = "\n".join(SENTENCES) + "\n"
# TCVN3 has no capital letters with tone marks: they come back as capitals only at the start
# of a line or sentence or inside a run of capitals; "Sở … Ủy ban" mid-sentence cannot.
TCVN3_TEXT = TEXT.replace("; Ủy ban", "; Uỷ ban")

ALL_LETTERS = "aàảãáạăằẳẵắặâầẩẫấậeèẻẽéẹêềểễếệiìỉĩíịoòỏõóọôồổỗốộơờởỡớợuùủũúụưừửữứựyỳỷỹýỵđ"


@pytest.mark.parametrize(
    ("encode", "text", "name"),
    [
        (encode_tcvn3, TCVN3_TEXT, "tcvn3"),
        (encode_vni, TEXT, "vni"),
        (encode_cp1258, TEXT, "cp1258"),
    ],
)
def test_round_trip_is_exact(encode, text: str, name: str) -> None:
    data = encode(text)
    with pytest.raises(UnicodeDecodeError):
        data.decode("utf-8")
    assert detect_legacy(data) == (text, name)


@pytest.mark.parametrize("sentence", SENTENCES)
@pytest.mark.parametrize(
    ("encode", "name"), [(encode_vni, "vni"), (encode_cp1258, "cp1258"), (encode_tcvn3, "tcvn3")]
)
def test_each_sentence_alone(encode, name: str, sentence: str) -> None:
    text = sentence if name != "tcvn3" else sentence.replace("; Ủy", "; Uỷ")
    assert detect_legacy(encode(text)) == (text, name)


def test_every_letter_both_cases_round_trips() -> None:
    for letter in ALL_LETTERS:
        for c in (letter, letter.upper()):
            assert decode_vni(encode_vni(c)) == (c, 0), c
        assert decode_tcvn3(encode_tcvn3("x" + letter)) == ("x" + letter, 0), letter


def test_tables_are_one_to_one() -> None:
    assert len(set(TCVN3_DECODE.values())) == len(TCVN3_DECODE) == 7 + 7 + 12 * 5
    assert len(set(VNI_ENCODE.values())) == len(VNI_ENCODE)
    assert set(ALL_LETTERS) - set("aeiouy") <= set(TCVN3_DECODE.values())


def test_tcvn3_capitals_restored_from_context() -> None:
    data = encode_tcvn3("Ủy ban họp. Ông Trung chủ trì.\nỦY BAN NHÂN DÂN QUẬN HAI BÀ TRƯNG\n")
    assert decode_tcvn3(data)[0] == (
        "Ủy ban họp. Ông Trung chủ trì.\nỦY BAN NHÂN DÂN QUẬN HAI BÀ TRƯNG\n"
    )
    assert decode_tcvn3(encode_tcvn3("phiên họp Ủy viên"))[0] == "phiên họp ủy viên"  # lost


def test_known_legacy_spellings() -> None:
    # How these encodings look when shown in a Latin font, as seen in old documents.
    assert decode_vni("Tröôøng Ñaïi hoïc".encode("cp1252"))[0] == "Trường Đại học"
    assert decode_vni("chính trò, tænh, baùc só".encode("cp1252"))[0] == "chính trị, tỉnh, bác sĩ"
    assert decode_tcvn3("Uû ban nh©n d©n".encode("cp1252"))[0] == "Uỷ ban nhân dân"
    assert decode_tcvn3("QUËN HAI Bµ TR¦NG".encode("cp1252"))[0] == "QUẬN HAI BÀ TRƯNG"


@pytest.mark.parametrize(
    "text",
    [
        "Le président a été élu à Paris, où il a déjà passé l'été. Ça coûte très cher.",
        "Über die Straße gehen wir später; Grüße aus München.",
        "Ação e informação: não há solução fácil, disse o presidente.",
        "Thân bài Câu",  # too little to tell Windows-1258 from Latin-1
        "Café, naïve, résumé — © 2024 «guillemets»",
    ],
)
def test_western_text_is_not_taken_for_vietnamese(text: str) -> None:
    assert detect_legacy(text.encode("cp1252")) is None


def test_ascii_and_utf8_are_not_legacy() -> None:
    assert detect_legacy(b"UBND quan Hai Ba Trung hop phien thuong ky.") is None
    # UTF-8 is decoded before detection; its bytes read as legacy would be nonsense anyway.
    assert detect_legacy(TEXT.encode("utf-8")) is None


def test_syllables() -> None:
    for w in ("nghiêng", "khuya", "quyết", "giữ", "thường", "Đồng", "tỷ", "ủy", "gìn"):
        assert is_vietnamese_syllable(w), w
    for w in ("été", "prộsid", "viọt", "présidé", "ãà", "hát́"):
        assert not is_vietnamese_syllable(w), w
    assert not is_vietnamese_syllable("tàt")  # a closed syllable takes only sắc or nặng
