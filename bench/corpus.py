#!/usr/bin/env python3
"""A synthetic claims base for benchmarks: N claims over M sources, deterministic by seed.

Sources are text, HTML and PDF (87% of 20-60 KB of text, the rest
log-uniform up to 2 MB, one in 500 of 10 MB);
quotes are 60-600 characters: 70% exact, 15% cosmetic variants (typography, white space, case,
elision, editorial bracket), 10% misquotes (a number, a negation, a word, a name), 5% absent.
gold.json says which must pass.

usage: .venv/bin/python bench/corpus.py OUT_DIR [--claims N] [--sources M] [--seed S]
"""

from __future__ import annotations

import argparse
import json
import math
import random
import re
from pathlib import Path

from checker.matching.variants import is_negation

ROOT = Path(__file__).resolve().parents[1]
NAMES = [
    "Lukashenka",
    "Tsikhanouskaya",
    "Kalesnikava",
    "Babaryka",
    "Bialiatski",
    "Struthers",
    "Rabkova",
    "Znak",
    "Losik",
    "Bakun",
    "Karzun",
    "Sannikau",
    "Dalhuisen",
    "Shetty",
]
WORDS: list[str] = []


def vocabulary() -> list[str]:
    if not WORDS:
        text = " ".join(p.read_text(encoding="utf-8") for p in (ROOT / "sources").glob("*.txt"))
        WORDS.extend(sorted({w.lower() for w in re.findall(r"[A-Za-z]{3,}", text)}))
    return WORDS


def sentence(rng: random.Random) -> str:
    words = [rng.choice(vocabulary()) for _ in range(rng.randint(8, 28))]
    if rng.random() < 0.5:
        words.insert(rng.randrange(len(words)), f"{rng.randint(2, 99_999):,}")
    if rng.random() < 0.4:
        words.insert(rng.randrange(len(words)), rng.choice(NAMES))
    words[0] = words[0].capitalize()
    return " ".join(words) + "."


def paragraphs(rng: random.Random, chars: int) -> list[str]:
    out, size = [], 0
    while size < chars:
        para = " ".join(sentence(rng) for _ in range(rng.randint(3, 8)))
        out.append(para)
        size += len(para) + 2
    return out


def source_size(rng: random.Random, i: int, m: int) -> int:
    """Most sources are news-page sized; one in eight a long report; a few are huge."""
    if i < max(1, m // 500):  # a few of 10 MB
        return 10_000_000
    if rng.random() < 0.87:
        return rng.randint(20_000, 60_000)
    return int(math.exp(rng.uniform(math.log(60_000), math.log(2_000_000))))


def write_source(out: Path, i: int, kind: str, paras: list[str]) -> str:
    if kind == "html":
        body = "\n".join(f"<p>{p}</p>" if n % 5 else f"<h2>{p[:40]}</h2><p>{p}</p>" for n, p in enumerate(paras))
        page = (
            f"<!DOCTYPE html><html><head><meta charset='utf-8'><title>Source {i}</title>"
            f"<script>var x = 1;</script></head><body><nav><a href='/'>Home</a></nav>"
            f"<article>{body}</article></body></html>"
        )
        name = f"src-{i:05d}.html"
        (out / name).write_text(page, encoding="utf-8")
    elif kind == "pdf":
        from fpdf import FPDF

        pdf = FPDF()
        pdf.set_font("helvetica", size=10)
        pdf.add_page()
        for p in paras:
            pdf.multi_cell(0, 5, p, new_x="LMARGIN", new_y="NEXT")
            pdf.ln(2)
        name = f"src-{i:05d}.pdf"
        pdf.output(str(out / name))
    else:
        name = f"src-{i:05d}.txt"
        (out / name).write_text("\n\n".join(paras), encoding="utf-8")
    return name


def quote_from(rng: random.Random, paras: list[str]) -> str:
    para = rng.choice([p for p in paras if len(p) >= 80] or paras)
    starts = [0] + [m.end() for m in re.finditer(r"\. ", para)]
    start = rng.choice(starts)
    length = rng.randint(60, 600)
    end = para.find(" ", start + length)
    return para[start : end if end > 0 else len(para)].strip()


def cosmetic(rng: random.Random, q: str) -> str:
    words = q.split()
    how = rng.choice(["typography", "whitespace", "case", "elision", "bracket"])
    if how == "typography":
        return "“" + q + "”"
    if how == "whitespace":
        return "\n   ".join(" ".join(words[i : i + 5]) for i in range(0, len(words), 5))
    if how == "case":
        return q.upper()
    if how == "elision" and len(words) > 12:
        cut = rng.randint(4, len(words) - 7)
        return " ".join(words[:cut]) + " ... " + " ".join(words[cut + 3 :])
    # A bracket may stand for plain words only: hiding a number or a negation is substance.
    spots = [
        k
        for k in range(1, max(1, len(words) - 3))
        if not any(any(ch.isdigit() for ch in w) or is_negation(w.lower().strip(".,")) for w in words[k : k + 2])
    ]
    if len(words) <= 6 or not spots:
        return q
    k = rng.choice(spots)
    return " ".join([*words[:k], "[the authorities]", *words[k + 2 :]])


def misquote(rng: random.Random, q: str) -> str:
    words = q.split()
    nums = [i for i, w in enumerate(words) if re.fullmatch(r"[\d,]+\.?", w)]
    names = [i for i, w in enumerate(words) if w.strip(".") in NAMES]
    how = rng.choice(["number", "negation", "word", "name"])
    if how == "number" and nums:
        i = rng.choice(nums)
        words[i] = f"{rng.randint(100_000, 999_999):,}"
    elif how == "name" and names:
        i = rng.choice(names)
        words[i] = rng.choice([n for n in NAMES if n != words[i].strip(".")])
    elif how == "negation":
        words.insert(rng.randint(1, len(words) - 1), "not")
    else:
        i = rng.randrange(1, len(words))
        words[i] = rng.choice([w for w in vocabulary() if w != words[i].lower()])
    return " ".join(words)


def build(out: Path, n_claims: int, n_sources: int, seed: int) -> None:
    rng = random.Random(seed)
    (out / "sources").mkdir(parents=True, exist_ok=True)
    (out / "claims").mkdir(parents=True, exist_ok=True)
    texts = []
    for i in range(n_sources):
        size = source_size(rng, i, n_sources)
        kind = "pdf" if size <= 300_000 and rng.random() < 0.08 else rng.choice(["txt", "html"])
        paras = paragraphs(rng, size)
        texts.append((write_source(out / "sources", i, kind, paras), paras))
    gold, claims = {}, []
    for n in range(n_claims):
        name, paras = texts[rng.randrange(n_sources)] if n >= n_sources else texts[n]
        q = quote_from(rng, paras)
        r = rng.random()
        kind = "exact" if r < 0.70 else "cosmetic" if r < 0.85 else "misquote" if r < 0.95 else "absent"
        if kind == "cosmetic":
            q = cosmetic(rng, q)
        elif kind == "misquote":
            q = misquote(rng, q)
        elif kind == "absent":
            q = " ".join(sentence(rng) for _ in range(3))[: rng.randint(60, 600)]
        cid = f"c{n:06d}"
        claims.append(
            {
                "id": cid,
                "statement": f"Synthetic claim {n}.",
                "citations": [{"url": f"https://example.org/{name}", "file": f"../sources/{name}", "quote": q}],
            }
        )
        gold[cid] = {"expect": "pass" if kind in ("exact", "cosmetic") else "fail", "kind": kind}
    for k in range(0, len(claims), 500):
        path = out / "claims" / f"claims-{k // 500:03d}.yaml"
        path.write_text(json.dumps({"claims": claims[k : k + 500]}, ensure_ascii=False, indent=1), encoding="utf-8")
    (out / "gold.json").write_text(json.dumps(gold), encoding="utf-8")
    (out / "pyproject.toml").write_text("[project]\nname = 'bench-corpus'\n", encoding="utf-8")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("out", type=Path)
    ap.add_argument("--claims", type=int, default=10_000)
    ap.add_argument("--sources", type=int, default=1_000)
    ap.add_argument("--seed", type=int, default=1)
    args = ap.parse_args()
    build(args.out, args.claims, args.sources, args.seed)
    print(f"{args.claims} claims over {args.sources} sources written to {args.out}")


if __name__ == "__main__":
    main()
