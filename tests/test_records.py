"""Record metadata (organ, place, chair), duplicates across sources, filters, the v2 → v3 upgrade.

The reposts below are synthetic variants of the seed article written by these tests.
"""

from __future__ import annotations

import shutil
from pathlib import Path
from types import SimpleNamespace

import pytest
from conftest import ROOT, SEED

from hbt_qa.cli import main
from hbt_qa.index.pipeline import ingest_paths
from hbt_qa.index.store import SCHEMA_VERSION, Store
from hbt_qa.ingest.articles import parse_article, read_article_file
from hbt_qa.ingest.duplicates import NEAR, best_match, fingerprint, similarity
from hbt_qa.ingest.recordmeta import (
    RecordFilter,
    find_chair,
    find_organ,
    organ_matches,
    record_meta,
)

DEVSET = ROOT / "bench" / "devset" / "articles"


# -- metadata ---------------------------------------------------------------------------------
def test_seed_metadata_is_read_from_the_article() -> None:
    art, _ = read_article_file(SEED, SEED.name)
    assert art.organ == "UBND quận" and art.district == "quận Hai Bà Trưng" and art.ward is None
    assert (art.province, art.place_level) == ("thành phố Hà Nội", "district")
    assert (art.organ_kind, art.organ_level, art.year) == ("UBND", "quận", 2024)
    assert art.chair == "Chủ tịch UBND quận Nguyễn Quang Trung"
    assert art.meeting_date == "2024-05-28" and art.published == "2024-05-31"


@pytest.mark.parametrize(
    ("name", "organ", "district", "ward", "chair"),
    [
        ("badinh-2024-07-ky-hop-hdnd.txt", "HĐND quận", "quận Ba Đình", None,
         "Chủ tịch HĐND quận Ba Đình Mai Xuân Hòa"),
        ("hbt-phuong-bach-khoa-2024-06-so-ket.txt", "UBND phường", "quận Hai Bà Trưng",
         "phường Bách Khoa",
         "Chủ tịch UBND phường Ngô Thị Lan Anh"),
        # a surname outside the common list, found from "… chủ trì" itself
        ("dongda-2024-07-ky-hop-hdnd.txt", "HĐND quận", "quận Đống Đa", None,
         "Chủ tịch HĐND quận Nông Thị Hải Yến"),
        # two people "đồng chủ trì": both, without the trailing "đồng"
        ("hbt-2024-07-ky-hop-hdnd-giua-nam.txt", "HĐND quận", "quận Hai Bà Trưng", None,
         "Chủ tịch HĐND quận Phạm Thị Thu Hà; Phó Chủ tịch HĐND quận Vũ Đình Long"),
    ],
)  # fmt: skip
def test_devset_metadata(name, organ, district, ward, chair) -> None:
    art, _ = read_article_file(DEVSET / name, name)
    assert (art.organ, art.district, art.ward, art.chair) == (organ, district, ward, chair)


@pytest.mark.parametrize(
    ("title", "is_ward", "organ"),
    [
        ("Ban Thường vụ Quận ủy Hai Bà Trưng họp phiên thường kỳ", False, "Quận ủy"),
        ("Hội đồng nhân dân phường Bạch Mai tổ chức kỳ họp thứ 8", True, "HĐND phường"),
        ("Đảng ủy phường Minh Khai sơ kết 6 tháng", True, "Đảng ủy phường"),
        ("Phường Phố Huế tổng kết công tác năm 2023", True, "phường"),
        ("Hội nghị giao ban khối thi đua", False, None),
        ("uy ban nhan dan quan hop phien thuong ky", False, "UBND quận"),
    ],
)
def test_find_organ(title: str, is_ward: bool, organ: str | None) -> None:
    assert find_organ(title, is_ward) == organ


def test_no_chair_when_nobody_presides() -> None:
    assert find_chair("Quận đã hoàn thành 12 công trình. Chủ tịch UBND quận Lê Văn A dự.") is None
    assert record_meta("", "").organ is None


# -- metadata of real page layouts (invented snippets) -------------------------------------------
@pytest.mark.parametrize(
    ("title", "organ", "kind", "level"),
    [
        ("Phiên họp tháng 3 của Thường trực HĐND huyện Can Lộc", "Thường trực HĐND huyện",
         "Thường trực HĐND", "huyện"),
        ("HĐND lâm thời phường Hải Vân thông qua 4 nghị quyết", "HĐND phường", "HĐND", "phường"),
        ("Huyện ủy Hậu Lộc quán triệt nghị quyết", "Huyện ủy", "Đảng ủy", "huyện"),
        ("Thị ủy Hồng Lĩnh sơ kết công tác", "Thị ủy", "Đảng ủy", "thị xã"),
        ("Tỉnh ủy Hà Tĩnh họp phiên thường kỳ", "Tỉnh ủy", "Đảng ủy", "tỉnh"),
        ("Ủy ban MTTQ Việt Nam quận Tây Hồ tổ chức hội nghị", "MTTQ quận", "MTTQ", "quận"),
        ("Đảng ủy xã Sơn Hà tổng kết năm", "Đảng ủy xã", "Đảng ủy", "xã"),
        ("Hoi dong nhan dan thi xa Son Tay hop ky thu 9", "HĐND thị xã", "HĐND", "thị xã"),
        ("Standing Committee of the Provincial People's Council meets", "Thường trực HĐND tỉnh",
         "Thường trực HĐND", "tỉnh"),
        ("Da Nang People's Committee reviews disbursement", "UBND thành phố", "UBND",
         "thành phố"),
    ],
)  # fmt: skip
def test_organ_kind_and_level(title: str, organ: str, kind: str, level: str) -> None:
    meta = record_meta(title, "")
    assert (meta.organ, meta.organ_kind, meta.organ_level) == (organ, kind, level)
    assert meta.sources["organ"] == "title"


def test_an_office_is_not_the_organ_that_met() -> None:
    body = (
        "Chiều ngày 3/6, Phó Bí thư Thường trực Thị ủy, Chủ tịch HĐND thị xã Hòa Thành – "
        "Trần Văn Tâm chủ trì cuộc họp thống nhất nội dung kỳ họp thứ Nhất HĐND thị xã."
    )
    meta = record_meta("Họp thống nhất nội dung kỳ họp", body)
    assert (meta.organ, meta.district, meta.province) == (
        "HĐND thị xã", "thị xã Hòa Thành", "tỉnh Tây Ninh",
    )  # fmt: skip
    assert meta.chair == (
        "Phó Bí thư Thường trực Thị ủy, Chủ tịch HĐND thị xã Hòa Thành Trần Văn Tâm"
    )  # the whole role list


@pytest.mark.parametrize(
    ("title", "body", "organ"),
    [
        # the opening says who chaired before it names the body that met: the chair's office
        ("Khai mạc kỳ họp thứ 8",
         "Chủ trì kỳ họp có ông Đặng Văn Khoa, Phó Chủ tịch HĐND huyện. Tại kỳ họp, UBND huyện "
         "trình 5 tờ trình về quy hoạch sử dụng đất.", "HĐND huyện"),
        ("Disbursement reaches 61%",
         "Chairman of the Provincial People's Committee Le Van Minh chaired the meeting. The "
         "Provincial People's Council had assigned 900 billion VND.", "UBND tỉnh"),
        # the body that met, named before the chair, stays
        ("Họp phiên thường kỳ tháng 3",
         "Thường trực HĐND huyện họp phiên thường kỳ tháng 3. Chủ tịch UBND huyện Lê Văn Phúc "
         "chủ trì.", "Thường trực HĐND huyện"),
    ],
)  # fmt: skip
def test_the_chairs_office_names_the_organ_when_said_first(title, body, organ) -> None:
    assert record_meta(title, body).organ == organ


def test_a_place_the_title_names_outranks_a_body_organ_of_another_level() -> None:
    meta = record_meta(
        "Thạch Thành thu ngân sách vượt 12% kế hoạch",
        "Thực hiện chỉ đạo của UBND tỉnh Thanh Hóa, năm 2022 UBND huyện Thạch Thành đã tập "
        "trung thu ngân sách.",
    )
    assert (meta.district, meta.province, meta.place_level) == (
        "huyện Thạch Thành", "tỉnh Thanh Hóa", "district",
    )  # fmt: skip
    assert meta.organ == "UBND huyện"  # the organ written with that place, not the province's


@pytest.mark.parametrize(
    ("title", "body", "url", "expected", "sources"),
    [
        # the place written with the organ, in the title
        ("HĐND huyện Xuân Lộc tổ chức kỳ họp", "", None,
         ("tỉnh Đồng Nai", "huyện Xuân Lộc", None, "district"),
         {"district": "title", "province": "gazetteer"}),
        # a ward: its district and province from the list
        ("Phường Minh Khai sơ kết 6 tháng", "UBND phường Minh Khai (quận Hai Bà Trưng) họp.",
         None, ("thành phố Hà Nội", "quận Hai Bà Trưng", "phường Minh Khai", "ward"),
         {"ward": "title", "district": "gazetteer", "province": "gazetteer"}),
        # no name in the text: the address, then the site's name
        ("UBND quận họp phiên thường kỳ", "Ngày 5/4/2024, UBND quận họp.",
         "https://caugiay.hanoi.gov.vn/tin/ubnd-quan-hop",
         ("thành phố Hà Nội", "quận Cầu Giấy", None, "district"),
         {"district": "site", "province": "gazetteer"}),
        ("Kỳ họp HĐND huyện thông qua 4 nghị quyết", "HĐND huyện thông qua 4 nghị quyết.",
         "https://baotuyenquang.example.vn/hdnd-huyen-na-hang-thong-qua-4-nghi-quyet-1.html",
         ("tỉnh Tuyên Quang", "huyện Na Hang", None, "district"),
         {"district": "address", "province": "gazetteer"}),
        # a ward site below the district the body names in passing
        ("Hội nghị tuyên truyền phòng chống dịch", "Đại diện UBND phường và quận Hải Châu dự.",
         "https://thuanphuoc.danang.gov.vn/chi-tiet?id=1",
         ("thành phố Đà Nẵng", "quận Hải Châu", "phường Thuận Phước", "ward"),
         {"ward": "site"}),
        # "Phường 1" is one ward once the site names its district
        ("PHƯỜNG 1 TỔ CHỨC HỘI NGHỊ NHÂN DÂN", "", "https://tanbinh.hochiminhcity.gov.vn/tin",
         ("thành phố Hồ Chí Minh", "quận Tân Bình", "Phường 1", "ward"), {"ward": "title"}),
        # English
        ("Hanoi People's Council adopts resolution", "", None,
         ("thành phố Hà Nội", None, None, "province"), {"province": "title"}),
        # a ward of the new two-level list (since 1 July 2025)
        ("HĐND phường Tam Thắng thông qua 5 nghị quyết", "", None,
         ("thành phố Hồ Chí Minh", None, "phường Tam Thắng", "ward"), {"ward": "title"}),
    ],
)  # fmt: skip
def test_place_at_every_level_with_its_source(title, body, url, expected, sources) -> None:
    meta = record_meta(title, body, url)
    assert (meta.province, meta.district, meta.ward, meta.place_level) == expected
    assert sources.items() <= meta.sources.items()


@pytest.mark.parametrize(
    ("body", "chair"),
    [
        ("Ngày 2/5/2019, lãnh đạo UBND quận do đồng chí Lê Thu Hương - Phó Bí thư Quận ủy - "
         "Chủ tịch UBND quận chủ trì đã họp.",
         "Phó Bí thư Quận ủy, Chủ tịch UBND quận Lê Thu Hương"),
        ("Bà Đỗ Thị Mai, Bí thư Đảng ủy, Chủ tịch HĐND phường và ông Lý Văn Sơn, Phó Chủ tịch "
         "HĐND phường đồng chủ tọa kỳ họp.",
         "Bí thư Đảng ủy, Chủ tịch HĐND phường Đỗ Thị Mai; Phó Chủ tịch HĐND phường Lý Văn Sơn"),
        ("Đại tá Hồ Văn Nam, Chỉ huy trưởng Ban CHQS quận chủ trì hội nghị.",
         "Chỉ huy trưởng Ban CHQS quận Đại tá Hồ Văn Nam"),
        ("Thượng tá Vũ Minh Đức - Trưởng Công an huyện chủ trì buổi làm việc.",
         "Trưởng Công an huyện Thượng tá Vũ Minh Đức"),
        ("Ông Phạm Văn Khoa – Phó Chủ tịch HĐND phường - Chủ toạ kỳ họp.",
         "Phó Chủ tịch HĐND phường Phạm Văn Khoa"),
        ("Chủ trì hội nghị có đồng chí Nguyễn Văn An, Bí thư Quận ủy.",
         "Bí thư Quận ủy Nguyễn Văn An"),
    ],
)  # fmt: skip
def test_chairs_with_ranks_and_role_lists(body: str, chair: str) -> None:
    assert find_chair(body) == chair


def test_organ_filter_words() -> None:
    assert organ_matches("HĐND phường", "hdnd") and organ_matches("HĐND quận", "HĐND")
    assert organ_matches("UBND phường", "phường") and not organ_matches("UBND quận", "phuong")
    assert not organ_matches(None, "ubnd") and organ_matches(None, " ")


def test_record_filter_dates_organ_place() -> None:
    rec = SimpleNamespace(
        meeting_date="2024-05-28", published="2024-05-31", organ="UBND quận",
        district="Hai Bà Trưng", ward=None,
    )  # fmt: skip
    assert not RecordFilter().active and RecordFilter().matches(rec)
    assert RecordFilter(since="2024-05-28", until="2024-05-28").matches(rec)
    assert not RecordFilter(until="2024-05-27").matches(rec)
    assert RecordFilter(organ="ubnd", district="quan hai ba trung").matches(rec)
    assert not RecordFilter(organ="HĐND").matches(rec)
    assert not RecordFilter(ward="Bách Khoa").matches(rec)
    undated = SimpleNamespace(meeting_date=None, published=None, organ=None, district=None)
    assert not RecordFilter(since="2020-01-01").matches(undated)


# -- duplicates -------------------------------------------------------------------------------
def _body(text: str) -> list[str]:
    art, paragraphs = parse_article(text, "x.txt")
    return [art.text[a:b] for a, b in paragraphs]


def _repost(text: str) -> str:
    """A light edit: another view counter, a word added, a credit line at the end."""
    return (
        text.replace("Lượt xem: 191", "Lượt xem: 5023").replace("hiệp quản", "hiệp quản chặt chẽ")
        + "\nNguồn: Cổng thông tin điện tử quận (đăng lại)\n"
    )


def _other_month(text: str) -> str:
    """Same template, another meeting: other date and figures."""
    return (
        text.replace("28/5/2024", "27/6/2024")
        .replace("115 tỷ", "162 tỷ")
        .replace("4.206 tỷ 168 triệu", "5.118 tỷ 402 triệu")
        .replace("5 tháng đầu năm", "6 tháng đầu năm")
    )


def test_fingerprints_tell_copies_from_other_reports() -> None:
    seed = SEED.read_text(encoding="utf-8")
    a = fingerprint(_body(seed))
    assert fingerprint(_body(seed.replace("Lượt xem: 191", "Lượt xem: 7"))).key == a.key
    near = fingerprint(_body(_repost(seed)))
    assert near.key != a.key and similarity(a.sketch, near.sketch) >= NEAR
    known = [("seed", "2024-05-28", a)]
    match = best_match(near, "2024-05-28", known)
    assert match is not None and match.article_id == "seed" and not match.exact
    # Another month's report from the same template is its own record.
    june = fingerprint(_body(_other_month(seed)))
    assert similarity(a.sketch, june.sketch) >= NEAR  # nearly the same words…
    assert best_match(june, "2024-06-27", known) is None
    assert best_match(june, None, known) is None  # …but other figures: never a copy
    fixed = fingerprint(_body(seed.replace("trên 115 tỷ", "trên 116 tỷ")))
    assert best_match(fixed, "2024-05-28", known) is None
    assert similarity((), a.sketch) == 0.0


def test_body_index_compares_only_bodies_with_the_same_figures() -> None:
    from hbt_qa.ingest.duplicates import BodyIndex

    seed = SEED.read_text(encoding="utf-8")
    a, near = fingerprint(_body(seed)), fingerprint(_body(_repost(seed)))
    june = fingerprint(_body(_other_month(seed)))
    index = BodyIndex()
    index.add("a", "a.txt", "2024-05-28", a)
    index.add("j", "j.txt", "2024-06-27", june)
    assert len(index.by_figures) == 2
    found = index.match(near, "2024-05-28", "b.txt")
    assert found is not None and found[0].article_id == "a" and found[1] == "a.txt"
    assert index.match(a, "2024-05-28", "a.txt") is None  # never a copy of itself
    index.add("a", "a.txt", "2024-05-28", june)  # a.txt now holds another body
    assert index.match(near, "2024-05-28", "b.txt") is None
    index.discard("a.txt")
    index.discard("j.txt")
    assert all(not group for group in index.by_figures.values())


def test_reposts_are_kept_once_with_every_source(tmp_path: Path, fake_embedder) -> None:
    corpus = tmp_path / "c"
    corpus.mkdir()
    seed = SEED.read_text(encoding="utf-8")
    (corpus / "a-seed.txt").write_text(seed, encoding="utf-8")
    (corpus / "b-repost.txt").write_text(_repost(seed), encoding="utf-8")
    (corpus / "c-exact.txt").write_text(seed, encoding="utf-8")
    (corpus / "d-june.txt").write_text(_other_month(seed), encoding="utf-8")
    store = Store(tmp_path / "i.db")
    report = ingest_paths(store, fake_embedder, [corpus])
    assert report.added == ["a-seed.txt", "d-june.txt"]
    assert report.duplicates == ["b-repost.txt", "c-exact.txt"]
    notes = dict(report.notes)
    assert notes["b-repost.txt"].startswith("near duplicate (")
    assert notes["c-exact.txt"].startswith("exact duplicate of a-seed.txt")
    assert store.check() == []
    sources = store.sources_of("a-seed")
    assert [(s.source, s.kind) for s in sources] == [
        ("a-seed.txt", "primary"),
        ("b-repost.txt", "copy"),
        ("c-exact.txt", "copy"),
    ]
    assert sources[1].similarity is not None and NEAR <= sources[1].similarity < 1.0

    # Unchanged on re-run; when the original's file goes, a copy takes its place.
    again = ingest_paths(store, fake_embedder, [corpus])
    assert again.passages_embedded == 0 and len(again.unchanged) == 4
    (corpus / "a-seed.txt").unlink()
    pruned = ingest_paths(store, fake_embedder, [corpus], prune=True)
    assert pruned.pruned == ["a-seed.txt"]
    assert pruned.added == ["b-repost.txt"] and pruned.duplicates == ["c-exact.txt"]
    assert {a["source"] for a in store.articles()} == {"b-repost.txt", "d-june.txt"}
    assert store.check() == []


def test_deleting_a_copy_keeps_the_article(tmp_path: Path, fake_embedder) -> None:
    corpus = tmp_path / "c"
    corpus.mkdir()
    shutil.copy(SEED, corpus / "a.txt")
    shutil.copy(SEED, corpus / "b.txt")
    store = Store(tmp_path / "i.db")
    ingest_paths(store, fake_embedder, [corpus])
    assert store.delete_sources(["b.txt"]) == ["b.txt"]
    assert [a["source"] for a in store.articles()] == ["a.txt"]
    assert [s.source for s in store.sources_of("a")] == ["a.txt"] and store.check() == []


# -- filters in search --------------------------------------------------------------------------
def test_search_filters(tmp_path: Path, fake_embedder) -> None:
    from hbt_qa.config import Settings
    from hbt_qa.service import Service

    path = tmp_path / "dev.db"
    ingest_paths(Store(path), fake_embedder, [DEVSET, SEED])
    svc = Service(Settings(index_path=path, corpus_dir=tmp_path / "none"))
    svc.set_embedder(fake_embedder)

    def hits(**only: str) -> list:
        return svc.search("giải ngân vốn đầu tư", k=20, only=RecordFilter(**only))

    assert {h.organ for h in hits()} >= {"UBND quận", "HĐND quận"}
    council = hits(organ="hdnd")
    assert council and all(h.organ.startswith("HĐND") for h in council)
    dated = hits(since="2024-01-01", until="2024-06-30")
    assert dated and all("2024-01-01" <= h.meeting_date <= "2024-06-30" for h in dated)
    wards = hits(organ="phường", ward="Bách Khoa")
    assert wards and {h.ward for h in wards} == {"phường Bách Khoa"}
    assert {h.district for h in hits(district="dong da")} == {"quận Đống Đa"}
    assert hits(organ="Quận ủy") == []
    rs = svc.search_records("giải ngân vốn đầu tư", organ="HĐND quận")
    assert rs.hits and {h.organ for h in rs.hits} == {"HĐND quận"} and rs.organ == "HĐND quận"


def test_cli_reads_the_filters() -> None:
    from hbt_qa.cli import _record_filter
    from hbt_qa.cli_args import parser

    args = parser().parse_args(
        ["search", "x", "--since", "2024-01-01", "--until", "2024-06-30", "--organ", "HĐND",
         "--district", "Hai Bà Trưng", "--ward", "Bách Khoa"]
    )  # fmt: skip
    assert _record_filter(args) == RecordFilter(
        "2024-01-01", "2024-06-30", "HĐND", "Hai Bà Trưng", "Bách Khoa"
    )


# -- the v2 → v4 and v3 → v4 upgrades ----------------------------------------------------------
_V4_COLUMNS = ("province", "place_level", "organ_kind", "organ_level", "year", "meta_sources")


def _downgrade_to_v2(store: Store) -> None:
    """Turn a fresh index into what version 2 wrote: no metadata columns, no sources table."""
    with store.conn as c:
        c.execute("drop index articles_body_key")
        c.execute("drop table sources")
        for col in (
            "organ",
            "district",
            "ward",
            "chair",
            "body_key",
            "sketch",
            *_V4_COLUMNS,
            "month",
        ):
            c.execute(f"alter table articles drop column {col}")
        c.execute("update meta set value = '2' where key = 'schema_version'")


def _downgrade_to_v3(store: Store) -> None:
    """What version 3 wrote: no province, organ kind, year or sources of the fields; places
    without their unit word."""
    with store.conn as c:
        for col in (*_V4_COLUMNS, "month"):
            c.execute(f"alter table articles drop column {col}")
        c.execute("update articles set district = 'Hai Bà Trưng'")
        c.execute("update meta set value = '3' where key = 'schema_version'")


def _downgrade_to_v4(store: Store) -> None:
    """What version 4 wrote: no month of a page dated by its month alone."""
    with store.conn as c:
        c.execute("alter table articles drop column month")
        c.execute("update meta set value = '4' where key = 'schema_version'")


def _upgraded(tmp_path: Path, corpus: Path, embedder, downgrade) -> Store:
    """An index of ``corpus`` written as an older version wrote it, opened again (upgraded)."""
    store = Store(tmp_path / "i.db")
    ingest_paths(store, embedder, [corpus])
    downgrade(store)
    store.close()
    old = Store.open_existing(tmp_path / "i.db")
    old.check_compatible(embedder.info)
    assert old.meta()["schema_version"] == str(SCHEMA_VERSION) == "5"
    return old


def test_version_2_index_is_upgraded_in_place(tmp_path: Path, corpus_dir: Path, fake_embedder):
    old = _upgraded(tmp_path, corpus_dir, fake_embedder, _downgrade_to_v2)
    (art,) = old.articles()
    assert art["organ"] == "UBND quận" and art["chair"].endswith("Nguyễn Quang Trung")
    assert [s.kind for s in old.sources_of(art["article_id"])] == ["primary"]
    assert old.check() == []
    report = ingest_paths(old, fake_embedder, [corpus_dir])
    assert report.unchanged == [SEED.name] and report.passages_embedded == 0
    shutil.copy(SEED, corpus_dir / "again.txt")
    assert ingest_paths(old, fake_embedder, [corpus_dir]).duplicates == ["again.txt"]
    assert main(["check", "--index", str(old.path)]) == 0


def test_version_3_index_is_upgraded_in_place(tmp_path: Path, corpus_dir: Path, fake_embedder):
    old = _upgraded(tmp_path, corpus_dir, fake_embedder, _downgrade_to_v3)
    (art,) = old.articles()
    assert (art["district"], art["province"], art["place_level"]) == (
        "quận Hai Bà Trưng", "thành phố Hà Nội", "district",
    )  # fmt: skip
    assert (art["organ_kind"], art["organ_level"], art["year"]) == ("UBND", "quận", 2024)
    full = old.article(art["article_id"])
    assert full["meta_sources"]["published"] == "header"
    assert full["meta_sources"]["district"] == "title"
    (row,) = old.passages_by_rowid([r for r, _ in old.passage_articles()][:1]).values()
    assert (row.province, row.year) == ("thành phố Hà Nội", 2024)
    assert old.check() == []
    report = ingest_paths(old, fake_embedder, [corpus_dir])
    assert report.unchanged == [SEED.name] and report.passages_embedded == 0


def test_version_4_index_gets_the_month_of_a_page_dated_by_its_month(tmp_path: Path, fake_embedder):
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    page = "URL: https://example.org/2031/05/hop.html\n\ndate 2031-05 Huyện Lam Sơn họp.\n"
    (corpus / "month.txt").write_text(page, encoding="utf-8")  # synthetic
    old = _upgraded(tmp_path, corpus, fake_embedder, _downgrade_to_v4)
    (art,) = old.articles()
    assert old.article(art["article_id"])["month"] == "2031-05"
    (row,) = old.passages_by_rowid([r for r, _ in old.passage_articles()][:1]).values()
    assert (row.month, row.published, row.meeting_date) == ("2031-05", None, None)
    assert old.check() == []


# -- deleting from the records tab ----------------------------------------------------------------
def _service(tmp_path: Path, corpus: Path, fake_embedder):
    from hbt_qa.config import Settings
    from hbt_qa.service import Service

    svc = Service(Settings(index_path=tmp_path / "idx" / "i.db", corpus_dir=corpus))
    svc.set_embedder(fake_embedder)
    svc.ingest([corpus])
    return svc


def test_delete_trashes_the_original_and_its_copies(tmp_path: Path, fake_embedder) -> None:
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    shutil.copy(SEED, corpus / "a.txt")
    (corpus / "b.txt").write_text(_repost(SEED.read_text(encoding="utf-8")), encoding="utf-8")
    svc = _service(tmp_path, corpus, fake_embedder)
    name, moved = svc.delete_article("a")
    assert name == "a.txt" and moved is not None and moved.name.endswith("-a.txt")
    assert sorted(p.name[-5:] for p in svc.trash_dir.iterdir()) == ["a.txt", "b.txt"]
    assert list(corpus.iterdir()) == []
    again = svc.reindex()  # a restart or a re-index brings nothing back
    assert not again.added and svc.store().articles() == [] and svc.store().check() == []


def test_delete_that_cannot_move_the_file_removes_nothing(tmp_path: Path, fake_embedder) -> None:
    from hbt_qa.errors import QueryError

    corpus = tmp_path / "corpus"
    corpus.mkdir()
    shutil.copy(SEED, corpus / "a.txt")
    svc = _service(tmp_path, corpus, fake_embedder)
    svc.trash_dir.write_text("a file where the trash folder should be", encoding="utf-8")
    with pytest.raises(QueryError, match=r"a\.txt: could not move it to .*deleted.*stays"):
        svc.delete_article("a")
    assert (corpus / "a.txt").exists() and svc.store().article("a") is not None


def test_uploading_a_copy_says_so_and_links_the_article(tmp_path: Path, fake_embedder) -> None:
    from hbt_qa.web.render_records import upload_results_html

    corpus = tmp_path / "corpus"
    corpus.mkdir()
    shutil.copy(SEED, corpus / "a.txt")
    svc = _service(tmp_path, corpus, fake_embedder)
    up = tmp_path / "upload.txt"
    up.write_text(_repost(SEED.read_text(encoding="utf-8")), encoding="utf-8")
    (res,) = svc.add_files([("repost.txt", up)])
    assert res.status == "duplicate" and res.article_id == "a" and res.saved_as == "repost.txt"
    assert res.message.startswith("near duplicate (") and "of a.txt" in res.message
    assert (corpus / "repost.txt").exists()  # kept: it is a source of the article
    html = upload_results_html([res], "vi")
    assert "trùng bài đã có" in html and "gần trùng (giống" in html and "article=a" in html


def test_metadata_and_copies_are_shown_escaped() -> None:
    from hbt_qa.index.store import SourceRecord
    from hbt_qa.web.render import record_meta_html
    from hbt_qa.web.render_article import article_html

    evil = "<script>alert(1)</script>"
    art = {
        "article_id": "a", "title": "T", "text": "Nội dung.", "source": "a.txt",
        "organ": "HĐND quận", "district": "quận Hai Bà Trưng", "ward": None, "chair": evil,
        "copies": [
            SourceRecord("a.txt", "a", "a.txt", None, None, "h", "primary"),
            SourceRecord("b.html", "a", None, "javascript:alert(1)", None, "h", "copy", 0.93),
            SourceRecord("https://x.vn/b", "a", None, "https://x.vn/b", None, "h", "copy", 1.0),
        ],
    }  # fmt: skip
    html = article_html(art, lang="vi")
    assert "<script>" not in html and "&lt;script&gt;" in html
    assert "HĐND quận · quận Hai Bà Trưng · Chủ trì: &lt;script&gt;" in html
    assert "Cùng bài đăng tại" in html and "giống 93%" in html and "bản trùng" in html
    assert 'href="https://x.vn/b"' in html and "javascript:" not in html.split("Cùng bài")[1][:400]
    assert record_meta_html({"organ": None}, "en") == ""
    from hbt_qa.web.render_records import records_html

    listed = records_html([{**art, "copies": 2, "n_passages": 3}], "en")
    assert "+2 other sources" in listed and "HĐND quận" in listed and "<script>" not in listed


def test_unchanged_files_are_hashed_not_parsed(tmp_path: Path, fake_embedder, monkeypatch):
    import hbt_qa.index.pipeline as indexer

    corpus = tmp_path / "c"
    corpus.mkdir()
    shutil.copy(SEED, corpus / "a.txt")
    (corpus / "bom.md").write_text("\ufeff# Tiêu đề\n\nNgày 3/7/2024, quận họp.\n", "utf-8")
    store = Store(tmp_path / "i.db")
    assert len(ingest_paths(store, fake_embedder, [corpus]).added) == 2
    calls: list[str] = []
    real = indexer.parse_article

    def counting(text: str, source: str, path: str = ""):
        calls.append(source)
        return real(text, source, path)

    monkeypatch.setattr(indexer, "parse_article", counting)
    again = ingest_paths(store, fake_embedder, [corpus])
    assert sorted(again.unchanged) == ["a.txt", "bom.md"] and calls == []
    (corpus / "bom.md").write_text("\ufeff# Tiêu đề\n\nNgày 4/7/2024, quận họp.\n", "utf-8")
    changed = ingest_paths(store, fake_embedder, [corpus])
    assert changed.updated == ["bom.md"] and calls == ["bom.md"]
