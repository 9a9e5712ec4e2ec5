"""Pre-Unicode Vietnamese text: detect TCVN3 (ABC), VNI and Windows-1258 and convert to NFC.

TCVN3 and VNI are "font encodings": the bytes are ordinary cp1252 bytes that a .VnTime or
VNI-Times font draws as Vietnamese letters. TCVN3 has one byte per lowercase letter (capital
letters with tone marks do not exist; the .VnTimeH fonts draw the lowercase codes as capitals).
VNI writes a base letter followed by one mark byte (tone, circumflex or breve, or a combined
one). Windows-1258 has the base letters and combining tone marks, so it decodes to NFD-like text.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from typing import Literal

Encoding = Literal["tcvn3", "vni", "cp1258"]

# --- TCVN3 (TCVN 5712:1993, VN3): byte → letter -------------------------------------------
_TCVN3_ROWS = {
    0xA1: "ĂÂÊÔƠƯĐ",
    0xA8: "ăâêôơưđ",
    0xB5: "àảãáạ",
    0xBB: "ằẳẵắ",
    0xC6: "ặầẩẫấậ",
    0xCC: "è",
    0xCE: "ẻẽéẹềểễếệìỉ",
    0xDC: "ĩíịò",
    0xE1: "ỏõóọồổỗốộờởỡớợù",
    0xF1: "ủũúụừửữứựỳỷỹýỵ",
}
TCVN3_DECODE: dict[int, str] = {
    start + i: ch for start, chars in _TCVN3_ROWS.items() for i, ch in enumerate(chars)
}
TCVN3_ENCODE: dict[str, int] = {ch: b for b, ch in TCVN3_DECODE.items()}

# --- VNI (VNI-Windows): letter = base + mark, written as cp1252 characters -----------------
# Marks as the lowercase cp1252 characters; capital letters take the capital form (0x20 lower).
_TONE_MARKS = {"\u0301": "ù", "\u0300": "ø", "\u0309": "û", "\u0303": "õ", "\u0323": "ï"}
_CIRC_MARKS = {"": "â", "\u0301": "á", "\u0300": "à", "\u0309": "å", "\u0303": "ã", "\u0323": "ä"}
_BREVE_MARKS = {"": "ê", "\u0301": "é", "\u0300": "è", "\u0309": "ú", "\u0303": "ü", "\u0323": "ë"}
# Letters VNI writes as one character: đ, ơ, ư and the i/ỵ family.
_VNI_SINGLE = {"đ": "ñ", "ơ": "ô", "ư": "ö", "í": "í", "ì": "ì", "ỉ": "æ", "ĩ": "ó", "ị": "ò"}
_VNI_SINGLE["ỵ"] = "î"
_TONES = ("", "\u0301", "\u0300", "\u0309", "\u0303", "\u0323")


def _vni_table() -> dict[str, str]:
    """Every lowercase Vietnamese letter → its VNI characters."""
    out: dict[str, str] = dict(_VNI_SINGLE)
    for tone in _TONES[1:]:
        for base in "aeouy":
            out.setdefault(unicodedata.normalize("NFC", base + tone), base + _TONE_MARKS[tone])
        for base, vni in (("ơ", "ô"), ("ư", "ö")):
            out[unicodedata.normalize("NFC", base + tone)] = vni + _TONE_MARKS[tone]
    for tone in _TONES:
        for base in "aeo":
            out[unicodedata.normalize("NFC", base + "\u0302" + tone)] = base + _CIRC_MARKS[tone]
        out[unicodedata.normalize("NFC", "a\u0306" + tone)] = "a" + _BREVE_MARKS[tone]
    return out


def _with_capitals(table: dict[str, str]) -> dict[str, str]:
    """Add the capital letters: capital base and capital mark."""
    out = dict(table)
    for letter, vni in table.items():
        out[letter.upper()] = vni.upper()
    return out


VNI_ENCODE: dict[str, str] = _with_capitals(_vni_table())
VNI_DECODE: dict[str, str] = {v: k for k, v in VNI_ENCODE.items()}
# Also accept a capital base with a lowercase mark ("Aø"), as some documents have.
for _letter, _vni in list(VNI_ENCODE.items()):
    if _letter.isupper() and len(_vni) == 2:
        VNI_DECODE.setdefault(_vni[0] + _vni[1].lower(), _letter)

# Bytes only Vietnamese uses in Windows-1258: Ă ă Ơ ơ Ư ư Đ đ and the five combining tones.
_CP1258_VIET = frozenset(b"\xc3\xe3\xd5\xf5\xdd\xfd\xd0\xf0\xcc\xec\xd2\xde\xf2")


# --- Decoders ------------------------------------------------------------------------------
def _no_tcvn3_capital(c: str) -> bool:
    """A lowercase letter whose capital TCVN3 cannot write (toned vowels)."""
    return c.islower() and not c.isascii() and c.upper() not in TCVN3_ENCODE


def restore_capitals(text: str) -> str:
    """TCVN3 has no capital toned letters: capitalise them where the text shows they were.

    Words in a run of capitals ("QUẬN HAI BÀ TRƯNG") become all capitals, and a toned vowel
    that starts a line or a sentence becomes a capital ("Ủy ban …"). A capital inside a
    sentence ("phiên họp Ủy viên") cannot be told apart and stays lowercase.
    """
    words = list(re.finditer(r"[^\W\d_]+", text))

    def caps(w: str, least: int) -> bool:
        letters = [c for c in w if c.isascii() and c.isalpha()]
        return len(letters) >= least and all(c.isupper() for c in letters)

    out = list(text)
    for i, m in enumerate(words):
        w = m.group(0)
        if w.isascii() or len(w.upper()) != len(w):
            continue
        near = [words[j].group(0) for j in (i - 1, i + 1) if 0 <= j < len(words)]
        run = caps(w, 1) and all(caps(n, 1) for n in near) and any(caps(n, 2) for n in near)
        if caps(w, 2) or run:
            out[m.start() : m.end()] = w.upper()
    for m in re.finditer(r"(?:\A|\n|[.!?]\s+)[\"“(\s]*([^\W\d_])", text):
        c = out[m.start(1)]
        if _no_tcvn3_capital(c):
            out[m.start(1)] = c.upper()
    return "".join(out)


def decode_tcvn3(data: bytes) -> tuple[str, int]:
    """Text of TCVN3 bytes and the number of high bytes that are not TCVN3 letters."""
    out: list[str] = []
    bad = 0
    for b in data:
        if b < 0x80:
            out.append(chr(b))
        elif b in TCVN3_DECODE:
            out.append(TCVN3_DECODE[b])
        else:
            bad += 1
            out.append(bytes([b]).decode("cp1252", errors="replace"))
    return unicodedata.normalize("NFC", restore_capitals("".join(out))), bad


def decode_vni(data: bytes) -> tuple[str, int]:
    """Text of VNI bytes and the number of mark or high bytes that make no letter."""
    chars = data.decode("cp1252", errors="replace")
    out: list[str] = []
    bad = 0
    i = 0
    n = len(chars)
    while i < n:
        pair = chars[i : i + 2]
        if len(pair) == 2 and pair in VNI_DECODE:
            out.append(VNI_DECODE[pair])
            i += 2
            continue
        c = chars[i]
        if c in VNI_DECODE:
            out.append(VNI_DECODE[c])
        else:
            if not c.isascii():
                bad += 1
            out.append(c)
        i += 1
    return unicodedata.normalize("NFC", "".join(out)), bad


def decode_cp1258(data: bytes) -> tuple[str, int]:
    """Text of Windows-1258 bytes (combining marks composed) and the undecodable byte count."""
    text = data.decode("cp1258", errors="replace")
    return unicodedata.normalize("NFC", text), text.count("\ufffd")


def encode_tcvn3(text: str) -> bytes:
    """TCVN3 bytes of a text (capital toned letters become their lowercase codes)."""
    out = bytearray()
    for c in unicodedata.normalize("NFC", text):
        if c.isascii():
            out.append(ord(c))
        elif c in TCVN3_ENCODE:
            out.append(TCVN3_ENCODE[c])
        elif c.lower() in TCVN3_ENCODE:
            out.append(TCVN3_ENCODE[c.lower()])
        else:
            raise ValueError(f"{c!r} has no TCVN3 code")
    return bytes(out)


def encode_vni(text: str) -> bytes:
    """VNI bytes of a text."""
    out = []
    for c in unicodedata.normalize("NFC", text):
        out.append(c if c.isascii() else VNI_ENCODE.get(c) or c)
    return "".join(out).encode("cp1252")


def encode_cp1258(text: str) -> bytes:
    """Windows-1258 bytes of a text: base letters plus combining tone marks where needed."""
    out = bytearray()
    for c in unicodedata.normalize("NFC", text):
        try:
            out += c.encode("cp1258")
        except UnicodeEncodeError:
            # cp1258 has the base letters (â, ơ, …) but not every toned one: base + tone mark.
            nfd = unicodedata.normalize("NFD", c)
            tone = "".join(m for m in nfd if m in _TONE_SET)
            base = unicodedata.normalize("NFC", "".join(m for m in nfd if m not in _TONE_SET))
            out += (base + tone).encode("cp1258")
    return bytes(out)


# --- Detection -----------------------------------------------------------------------------
_ONSET = r"(?:ngh|ng|nh|ch|gh|gi|kh|ph|qu|th|tr|b|c|d|đ|g|h|k|l|m|n|p|r|s|t|v|x)?"
_NUCLEI = (
    "iêu yêu oai oay oeo uây uôi ươi ươu uya uyê uyu "
    "ai ao au ay âu ây eo êu ia iê iu oa oă oe oi ôi ơi oo ua uâ uê ui uy uô uơ ưa ưi ưu ươ yê "
    "a ă â e ê i o ô ơ u ư y"
).split()
_SYLLABLE = re.compile(rf"{_ONSET}(?P<v>{'|'.join(_NUCLEI)})(?P<c>ch|ng|nh|c|m|n|p|t)?", re.I)
_TONE_SET = {"\u0300", "\u0301", "\u0303", "\u0309", "\u0323"}


def is_vietnamese_syllable(word: str) -> bool:
    """Whether a word is a well-formed Vietnamese syllable (onset, rime, at most one tone)."""
    nfd = unicodedata.normalize("NFD", word.lower())
    tones = [c for c in nfd if c in _TONE_SET]
    if len(tones) > 1:
        return False
    base = unicodedata.normalize("NFC", "".join(c for c in nfd if c not in _TONE_SET))
    m = _SYLLABLE.fullmatch(base)
    if not m:
        return False
    # Syllables closed by c, ch, p, t take only the rising or the heavy tone.
    return not (m.group("c") in ("c", "ch", "p", "t") and tones and tones[0] not in "\u0301\u0323")


@dataclass(frozen=True)
class Guess:
    """One candidate decoding with its evidence."""

    encoding: Encoding
    text: str
    bad: int  # bytes that make no letter in this encoding
    words: int  # words with non-ASCII letters
    valid: int  # of those, well-formed Vietnamese syllables


_WORD = re.compile(r"[^\W\d_]+")


def _score(encoding: Encoding, text: str, bad: int) -> Guess:
    words = [w for w in _WORD.findall(text) if not w.isascii()]
    valid = sum(1 for w in words if is_vietnamese_syllable(w))
    return Guess(encoding, text, bad, len(words), valid)


def guesses(data: bytes) -> list[Guess]:
    """Every legacy decoding of the bytes, best first."""
    out = [
        _score("tcvn3", *decode_tcvn3(data)),
        _score("vni", *decode_vni(data)),
        _score("cp1258", *decode_cp1258(data)),
    ]
    return sorted(out, key=lambda g: (g.valid - 2 * g.bad, -g.words), reverse=True)


def _plausible(g: Guess, data: bytes, high_bytes: int) -> bool:
    """Most changed words are Vietnamese syllables and almost no byte is left unexplained."""
    if g.valid == 0 or g.valid < 0.9 * g.words:
        return False
    if g.bad > max(1, high_bytes // 50):
        return False
    if g.encoding == "cp1258":
        # â, à, é … are also French or Portuguese; ask for a letter only Vietnamese has.
        return any(b in _CP1258_VIET for b in data)
    return True


def detect_legacy(data: bytes) -> tuple[str, Encoding] | None:
    """(NFC text, encoding) when the bytes read as Vietnamese in a legacy encoding, else None."""
    high = sum(1 for b in data if b >= 0x80)
    if high == 0:
        return None
    for g in guesses(data):
        if _plausible(g, data, high):
            return g.text, g.encoding
    return None


ENCODING_NAMES: dict[str, str] = {
    "tcvn3": "TCVN3 (ABC)",
    "vni": "VNI",
    "cp1258": "Windows-1258",
}
