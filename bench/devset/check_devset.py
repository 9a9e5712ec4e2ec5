#!/usr/bin/env python3
"""Validate the SYNTHETIC evaluation dev set in bench/devset/ (stdlib only).

Checks questions.jsonl line by line (JSON, keys, types, languages, unique ids, nulls for
no-answer), that every evidence is an exact substring of the named article's text (synthetic
articles in bench/devset/articles/, the real seed article in <repo root>/corpus/), that
number/date/person answers occur in the evidence or the sentence around it, that list/fact
answers occur in the evidence's paragraph, and that the synthetic articles are well formed,
marked synthetic and not copied into corpus/. Prints counts; exits 1 on any problem.

Usage: python bench/devset/check_devset.py [--questions PATH]
"""

from __future__ import annotations

import argparse
import json
import re
import sys
import unicodedata
from collections import Counter
from pathlib import Path

HERE = Path(__file__).resolve().parent
ARTICLES = HERE / "articles"
ROOT = HERE.parent.parent
CORPUS = ROOT / "corpus"
SEED = "hbt-2024-05-phien-hop-uy-vien.txt"

KEYS = ("id", "question", "doc", "evidence", "answer", "type", "lang")
OPTIONAL = ("alt",)  # other {doc, evidence} pairs that also hold the answer (reposts)
TYPES = ("number", "date", "person", "list", "fact", "no-answer")
LANGS = ("vi", "vi-nodiac", "en")
STRICT_TYPES = ("number", "date", "person")  # answer must sit in evidence or its sentence
MIN_QUESTIONS, MIN_NO_ANSWER, MIN_SEED = 130, 15, 15
MIN_ARTICLES, MAX_ARTICLES = 12, 16
MIN_WORDS, MAX_WORDS = 250, 600
EVIDENCE_LEN = (20, 200)
FRONT_MATTER = re.compile(r"\A---\n(.*?)\n---\n", re.S)
SENTENCE_END = re.compile(r"(?<=[.!?;])\s+")
VI_MARK = re.compile("[À-ỹđĐ]")


def split_front_matter(text: str) -> tuple[dict[str, str], str]:
    """Return (front matter as flat key: value strings, body)."""
    m = FRONT_MATTER.match(text)
    if not m:
        return {}, text
    meta = {}
    for line in m.group(1).splitlines():
        key, sep, value = line.partition(":")
        if sep:
            meta[key.strip()] = value.strip()
    return meta, text[m.end() :]


def sentence_around(line: str, start: int, end: int) -> str:
    """The sentences of ``line`` that overlap [start, end)."""
    spans, pos = [], 0
    for m in SENTENCE_END.finditer(line):
        spans.append((pos, m.start()))
        pos = m.end()
    spans.append((pos, len(line)))
    parts = [line[a:b] for a, b in spans if a < end and b > start]
    return " ".join(parts)


def check_articles(problems: list[str]) -> dict[str, str]:
    """Validate the synthetic articles; return {file name: body text} incl. the seed."""
    texts: dict[str, str] = {}
    files = sorted(ARTICLES.glob("*.txt"))
    if not MIN_ARTICLES <= len(files) <= MAX_ARTICLES:
        problems.append(f"articles: {len(files)} files, want {MIN_ARTICLES}-{MAX_ARTICLES}")
    corpus_files = {p.name: p for p in CORPUS.glob("*.txt")} if CORPUS.is_dir() else {}
    for path in files:
        name = path.name
        raw = path.read_bytes()
        try:
            text = raw.decode("utf-8")
        except UnicodeDecodeError as exc:
            problems.append(f"{name}: not UTF-8 ({exc})")
            continue
        if text != unicodedata.normalize("NFC", text):
            problems.append(f"{name}: not NFC")
        meta, body = split_front_matter(text)
        if meta.get("source") != "synthetic" or meta.get("synthetic") != "true":
            problems.append(f"{name}: front matter must say source: synthetic, synthetic: true")
        if not re.fullmatch(r"\d{4}-\d{2}-\d{2}", meta.get("published", "")):
            problems.append(f"{name}: front matter lacks published: YYYY-MM-DD")
        if not meta.get("title"):
            problems.append(f"{name}: front matter lacks title")
        lines = body.split("\n")
        if len(lines) < 4 or lines[0] != meta.get("title") or not lines[1].startswith("Ngày đăng"):
            problems.append(f"{name}: body must start with the title line and a 'Ngày đăng' line")
        words = len(body.split())
        if not MIN_WORDS <= words <= MAX_WORDS:
            problems.append(f"{name}: {words} words in body, want {MIN_WORDS}-{MAX_WORDS}")
        if name in corpus_files:
            problems.append(f"{name}: a synthetic article has the same name as corpus/{name}")
        texts[name] = body
    for name, path in corpus_files.items():
        meta, _ = split_front_matter(path.read_text(encoding="utf-8"))
        if meta.get("synthetic") == "true" or meta.get("source") == "synthetic":
            problems.append(f"corpus/{name}: synthetic article found in corpus/")
    seed = CORPUS / SEED
    if seed.is_file():
        texts[SEED] = seed.read_text(encoding="utf-8")
    else:
        problems.append(f"seed article missing: {seed}")
    return texts


def check_question(obj: object, where: str, texts: dict[str, str], problems: list[str]) -> None:
    if not isinstance(obj, dict):
        problems.append(f"{where}: not a JSON object")
        return
    missing = [k for k in KEYS if k not in obj]
    extra = [k for k in obj if k not in KEYS and k not in OPTIONAL]
    if missing or extra:
        problems.append(f"{where}: missing keys {missing}, unexpected keys {extra}")
        return
    for alt in obj.get("alt") or []:
        if alt.get("evidence") not in texts.get(alt.get("doc"), ""):
            problems.append(f"{where}: alt evidence is not in {alt.get('doc')}")
    typ, lang, q = obj["type"], obj["lang"], obj["question"]
    doc, ev, ans = obj["doc"], obj["evidence"], obj["answer"]
    if typ not in TYPES:
        problems.append(f"{where}: bad type {typ!r}")
    if lang not in LANGS:
        problems.append(f"{where}: bad lang {lang!r}")
    if not isinstance(q, str) or not q.strip():
        problems.append(f"{where}: empty question")
        return
    for field in ("question", "evidence", "answer", "doc"):
        v = obj[field]
        if isinstance(v, str) and v != unicodedata.normalize("NFC", v):
            problems.append(f"{where}: {field} not NFC")
    marked = bool(VI_MARK.search(q))
    if lang == "vi" and not marked:
        problems.append(f"{where}: lang vi but the question has no diacritics")
    if lang in ("vi-nodiac", "en") and not q.isascii():
        problems.append(f"{where}: lang {lang} but the question is not plain ASCII")
    if typ == "no-answer":
        if doc is not None or ev is not None or ans is not None:
            problems.append(f"{where}: no-answer needs doc, evidence and answer null")
        return
    if not isinstance(doc, str) or doc not in texts:
        problems.append(f"{where}: unknown doc {doc!r}")
        return
    if not isinstance(ev, str) or not isinstance(ans, str) or not ans.strip():
        problems.append(f"{where}: evidence and answer must be non-empty strings")
        return
    if not EVIDENCE_LEN[0] <= len(ev) <= EVIDENCE_LEN[1]:
        problems.append(f"{where}: evidence length {len(ev)} outside {EVIDENCE_LEN}")
    if "\n" in ev or "\r" in ev:
        problems.append(f"{where}: evidence spans a line break")
        return
    text = texts[doc]
    at = text.find(ev)
    if at < 0:
        problems.append(f"{where}: evidence not an exact substring of {doc}: {ev!r}")
        return
    line_start = text.rfind("\n", 0, at) + 1
    line_end = text.find("\n", at)
    line = text[line_start : line_end if line_end >= 0 else len(text)]
    sentence = sentence_around(line, at - line_start, at - line_start + len(ev))
    answer = ans.strip()
    if typ in STRICT_TYPES:
        if answer not in ev and answer not in sentence:
            problems.append(f"{where}: answer {answer!r} not in evidence or its sentence")
    elif typ == "list":
        for part in (p.strip() for p in answer.split("|")):
            if not part or part not in line:
                problems.append(f"{where}: list item {part!r} not in the evidence's paragraph")
    elif typ == "fact" and answer not in line:
        problems.append(f"{where}: answer {answer!r} not in the evidence's paragraph")


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--questions", type=Path, default=HERE / "questions.jsonl")
    args = ap.parse_args()
    problems: list[str] = []
    texts = check_articles(problems)

    ids: Counter[str] = Counter()
    by_lang: Counter[str] = Counter()
    by_type: Counter[str] = Counter()
    by_doc: Counter[str] = Counter()
    n = 0
    with args.questions.open(encoding="utf-8") as fh:
        for lineno, raw in enumerate(fh, 1):
            where = f"questions.jsonl:{lineno}"
            if not raw.strip():
                problems.append(f"{where}: blank line")
                continue
            try:
                obj = json.loads(raw)
            except json.JSONDecodeError as exc:
                problems.append(f"{where}: invalid JSON ({exc})")
                continue
            n += 1
            if isinstance(obj, dict):
                qid = obj.get("id")
                if not isinstance(qid, str) or not re.fullmatch(r"q\d{3,}", qid):
                    problems.append(f"{where}: bad id {qid!r}")
                else:
                    ids[qid] += 1
                    where = f"{where} ({qid})"
                by_lang[str(obj.get("lang"))] += 1
                by_type[str(obj.get("type"))] += 1
                by_doc[str(obj.get("doc"))] += 1
            check_question(obj, where, texts, problems)

    problems += [f"duplicate id {i} ({c} times)" for i, c in ids.items() if c > 1]
    if n < MIN_QUESTIONS:
        problems.append(f"only {n} questions, want >= {MIN_QUESTIONS}")
    if by_type["no-answer"] < MIN_NO_ANSWER:
        problems.append(f"only {by_type['no-answer']} no-answer questions, want >= {MIN_NO_ANSWER}")
    if by_doc[SEED] < MIN_SEED:
        problems.append(f"only {by_doc[SEED]} questions on the seed article, want >= {MIN_SEED}")
    unused = sorted(set(texts) - set(by_doc))
    if unused:
        problems.append(f"articles with no questions: {unused}")

    print(f"articles: {len(texts) - (SEED in texts)} synthetic + {int(SEED in texts)} seed")
    print(f"questions: {n}")
    shares = (f"{k}={v} ({100 * v / max(n, 1):.0f}%)" for k, v in by_lang.most_common())
    print("by lang: " + ", ".join(shares))
    print("by type: " + ", ".join(f"{k}={v}" for k, v in by_type.most_common()))
    print("by doc:")
    for doc, c in sorted(by_doc.items()):
        print(f"  {c:3d}  {'(no-answer)' if doc == 'None' else doc}")
    if problems:
        print(f"\n{len(problems)} problem(s):", file=sys.stderr)
        for p in problems:
            print(f"  - {p}", file=sys.stderr)
        return 1
    print("\nOK: 0 problems")
    return 0


if __name__ == "__main__":
    sys.exit(main())
