#!/usr/bin/env python3
"""Builds the task classifier's training and held-out prompts from public datasets.

Reads sources.json, takes every file at its recorded commit, selects and maps rows as the
manifest says, and writes OUT/train.jsonl and OUT/heldout.jsonl (one {"label", "source",
"text"} per line). Nothing it reads or writes is committed: the repository keeps only this
script, the manifest and the trained weights.

Files come from local git snapshots (--mirrors DIR, holding DIR/<owner>+<name>/repo, a bare
or ordinary clone) or, without one, from raw.githubusercontent.com (cached in OUT/cache).

    tools/taskclassifier/build_dataset.py --out build/taskclassifier [--mirrors /work/.mirror]

Python 3 standard library only. Deterministic: samples are seeded, templates are chosen by
a hash of the text.
"""

import argparse
import csv
import gzip
import hashlib
import io
import json
import os
import random
import re
import subprocess
import sys
import urllib.request

HERE = os.path.dirname(os.path.abspath(__file__))
SEED = 14  # issue 14


class Fetcher:
    def __init__(self, mirrors, cache):
        self.mirrors = mirrors
        self.cache = cache

    def _git_dir(self, repo):
        if not self.mirrors:
            return None
        base = os.path.join(self.mirrors, repo.replace("/", "+"), "repo")
        for candidate in (os.path.join(base, ".git"), base):
            if os.path.isdir(candidate) and (os.path.exists(os.path.join(candidate, "HEAD"))):
                return candidate
        return None

    def list_dir(self, repo, commit, path):
        git = self._git_dir(repo)
        if not git:
            raise SystemExit(f"{repo}: listing {path} needs a local snapshot (--mirrors)")
        out = subprocess.run(["git", "-C", git, "ls-tree", "-r", "--name-only", commit, path],
                             check=True, capture_output=True, text=True).stdout
        return sorted(line for line in out.splitlines() if line)

    def read(self, repo, commit, path):
        git = self._git_dir(repo)
        if git:
            return subprocess.run(["git", "-C", git, "show", f"{commit}:{path}"], check=True, capture_output=True).stdout
        cached = os.path.join(self.cache, repo.replace("/", "+"), commit, path)
        if not os.path.exists(cached):
            os.makedirs(os.path.dirname(cached), exist_ok=True)
            url = f"https://raw.githubusercontent.com/{repo}/{commit}/{path}"
            with urllib.request.urlopen(url, timeout=60) as response:
                data = response.read()
            with open(cached, "wb") as f:
                f.write(data)
        with open(cached, "rb") as f:
            return f.read()


def expand(paths):
    """'KFold_{1..10}' style ranges, for the HWU64 folds."""
    out = []
    for p in paths:
        m = re.search(r"\{(\d+)\.\.(\d+)\}", p)
        if not m:
            out.append(p)
            continue
        for i in range(int(m.group(1)), int(m.group(2)) + 1):
            out.append(p[: m.start()] + str(i) + p[m.end():])
    return out


def stable_hash(text):
    return int.from_bytes(hashlib.sha256(text.encode("utf-8")).digest()[:8], "little")


def fill(template, row):
    def field(m):
        value = row.get(m.group(1), "")
        return "" if value is None else str(value)
    return re.sub(r"\{(\w+)\}", field, template).strip()


def matches_where(row, where):
    for key, allowed in (where or {}).items():
        value = row.get(key)
        if allowed and isinstance(allowed[0], list):  # numeric ranges
            if not isinstance(value, int) or not any(lo <= value <= hi for lo, hi in allowed):
                return False
        elif value not in allowed:
            return False
    return True


# Readers: bytes of one file -> rows (dicts) or texts.

def read_jsonl(data):
    return [json.loads(line) for line in data.decode("utf-8").split("\n") if line.strip()]


def read_chatterbot(data):
    """First turn of each conversation in a chatterbot-corpus YAML file (a small subset of YAML)."""
    texts = []
    for line in data.decode("utf-8").splitlines():
        m = re.match(r"^- - (.*)$", line)
        if m:
            value = m.group(1).strip()
            if len(value) >= 2 and value[0] == value[-1] and value[0] in "'\"":
                value = value[1:-1]
            texts.append(value)
    return texts


def read_opentrivia(data):
    texts = []
    for line in data.decode("utf-8", errors="replace").splitlines():
        if not line.startswith("#Q "):
            continue
        q = line[3:].strip()
        if q.endswith("?") and not re.search(r"\b(of these|of the following)\b", q, re.I):
            texts.append(q)
    return texts


def unwrap_hellobench(text):
    """'You should write X.\\n[Topic]: T\\n[Requirements]: ...' -> 'Write X. Topic: T'."""
    head = text.split("[Requirements]")[0]
    lines = [l.strip() for l in head.splitlines() if l.strip()]
    out = []
    for l in lines:
        l = re.sub(r"^You sh\w+ write", "Write", l)
        l = re.sub(r"^\[([^\]]+)\]:\s*", lambda m: m.group(1) + ": ", l)
        out.append(l)
    return "\n".join(out)


FOLIO_TEMPLATES = [
    "Premises:\n{premises}\nConclusion: {conclusion}\nIs the conclusion true, false, or uncertain?",
    "Given the following facts:\n{premises}\nDoes it follow that {conclusion_lc}",
    "{premises}\nBased only on the statements above, is this true: \"{conclusion}\"",
    "Consider these premises. {premises_inline} Can we conclude that {conclusion_lc} Explain your reasoning.",
]


def folio_text(row):
    premises = row["premises"]
    if isinstance(premises, str):
        premises = [p for p in premises.split("\n") if p.strip()]
    conclusion = row["conclusion"].strip()
    values = {
        "premises": "\n".join(premises),
        "premises_inline": " ".join(premises),
        "conclusion": conclusion,
        "conclusion_lc": conclusion[:1].lower() + conclusion[1:],
    }
    template = FOLIO_TEMPLATES[stable_hash(conclusion + values["premises"]) % len(FOLIO_TEMPLATES)]
    return template.format(**values)


def is_english(text):
    letters = [c for c in text if c.isalpha()]
    if not letters:
        return False
    ascii_share = sum(1 for c in letters if c.isascii()) / len(letters)
    words = set(re.findall(r"[a-z]+", text.lower()))
    function_words = {"the", "a", "an", "and", "of", "to", "is", "in", "for", "that", "with", "you", "it", "on", "be", "this", "i", "my", "are"}
    return ascii_share >= 0.97 and len(words & function_words) >= 3


def source_texts(src, fetch):
    reader = src["reader"]
    paths = expand(src["paths"])
    texts = []  # (label or None, text)
    for path in paths:
        if reader == "csv-dir":
            # Every CSV under the directory (Mechanical Turk exports): one column per row,
            # leaving out the workers the dataset's authors blocked.
            blocked = set()
            if "blockedWorkers" in src:
                blocked = set(fetch.read(src["repo"], src["commit"], src["blockedWorkers"]).decode("utf-8").split())
            for f in fetch.list_dir(src["repo"], src["commit"], path):
                if not f.endswith(".csv"):
                    continue
                rows = csv.DictReader(io.StringIO(fetch.read(src["repo"], src["commit"], f).decode("utf-8", "replace")))
                texts += [(None, r.get(src["column"]) or "") for r in rows if r.get("WorkerId") not in blocked]
            continue
        if reader == "logicbench":
            # Each context is asked several yes/no questions; one per context (chosen by a hash
            # of it), so that no premise set counts more than once.
            for f in fetch.list_dir(src["repo"], src["commit"], path):
                if not f.endswith(".json"):
                    continue
                for sample in json.loads(fetch.read(src["repo"], src["commit"], f))["data_samples"]:
                    context = sample["context"].strip()
                    pairs = sample["qa_pairs"]
                    texts.append((None, context + "\n" + pairs[stable_hash(context) % len(pairs)]["question"].strip()))
            continue
        if reader == "json-dir":
            files = [f for f in fetch.list_dir(src["repo"], src["commit"], path) if f.endswith(".json")]
            for f in files:
                row = json.loads(fetch.read(src["repo"], src["commit"], f))
                texts.append((None, fill(src["text"], row)))
            continue
        data = fetch.read(src["repo"], src["commit"], path)
        if reader in ("jsonl", "jsonl-gz", "json-array"):
            if reader == "jsonl-gz":
                data = gzip.decompress(data)
            rows = json.loads(data) if reader == "json-array" else read_jsonl(data)
            for row in rows:
                if matches_where(row, src.get("where")):
                    texts.append((None, fill(src["text"], row)))
        elif reader == "lines":
            texts += [(None, l.strip()) for l in data.decode("utf-8").splitlines() if l.strip()]
        elif reader == "folio":
            texts += [(None, folio_text(row)) for row in read_jsonl(data)]
        elif reader == "clinc":
            for utterance, intent in json.loads(data)["train"]:
                if intent in src["intents"]:
                    texts.append((None, utterance))
        elif reader == "opentrivia":
            texts += [(None, t) for t in read_opentrivia(data)]
        elif reader == "chatterbot":
            texts += [(None, t) for t in read_chatterbot(data)]
        elif reader == "hellobench":
            for row in read_jsonl(data):
                if row.get("category") in src["categories"]:
                    texts.append((None, unwrap_hellobench(row["instruction"])))
        elif reader == "fastchat":
            for row in read_jsonl(data):
                label = src["labels"].get(row["category"])
                if label:
                    texts.append((label, row["turns"][0]))
        elif reader == "bbh":
            examples = [e["input"] for e in json.loads(data)["examples"]]
            rng = random.Random(f"{SEED}:{src['id']}:{path}")
            texts += [(None, t) for t in rng.sample(examples, min(src["samplePerPath"], len(examples)))]
        elif reader == "hwu":
            rows = csv.DictReader(io.StringIO(data.decode("utf-8")), delimiter=";")
            texts += [(None, r["answer_from_user"]) for r in rows]
        elif reader == "csv":
            csv.field_size_limit(1 << 24)
            rows = csv.DictReader(io.StringIO(data.decode("utf-8-sig")))
            texts += [(None, fill(src["text"], r)) for r in rows if all(r.get(k) == v for k, v in src.get("equals", {}).items())]
        elif reader == "tsv":
            rows = csv.DictReader(io.StringIO(data.decode("utf-8-sig")), delimiter="\t")
            texts += [(None, r[src["column"]]) for r in rows]
        elif reader == "topicalchat":
            for conversation in json.loads(data).values():
                texts.append((None, conversation["content"][0]["message"]))
        else:
            raise SystemExit(f"{src['id']}: unknown reader {reader}")
    return texts


def select(src, texts):
    out, seen = [], set()
    strip = re.compile(src["strip"]) if "strip" in src else None
    match = re.compile(src["match"], re.I) if "match" in src else None
    exclude = re.compile(src["exclude"], re.I) if "exclude" in src else None
    for label, text in texts:
        text = text.strip()
        if strip:
            text = strip.sub("", text)
        if not text or (match and not match.search(text)) or (exclude and exclude.search(text)):
            continue
        if src.get("english") and not is_english(text):
            continue
        key = normalise(text)
        if key in seen:
            continue
        seen.add(key)
        out.append((label or src["label"], text))
    if "sample" in src and len(out) > src["sample"]:
        out = random.Random(f"{SEED}:{src['id']}").sample(out, src["sample"])
    if "templates" in src:
        templated = []
        for label, text in out:
            template = src["templates"][stable_hash(text) % len(src["templates"])]
            lcfirst = text[:1].lower() + text[1:]
            templated.append((label, template.replace("{text}", text).replace("{lcfirst}", lcfirst.rstrip("."))))
        out = templated
    if "varyNumbers" in src:
        # A small source of a kind the big ones lack (short spoken calculations) counts
        # several times, each time with other numbers.
        out = [row for label, text in out for row in varied_numbers(label, text, src["varyNumbers"])]
    return out


ONES = ("zero one two three four five six seven eight nine ten eleven twelve thirteen fourteen "
        "fifteen sixteen seventeen eighteen nineteen").split()
TENS = "twenty thirty forty fifty sixty seventy eighty ninety".split()


def in_words(n):
    """0 <= n < 1,000,000 in English words ("three hundred forty-two")."""
    if n < 20:
        return ONES[n]
    if n < 100:
        return TENS[n // 10 - 2] + ("-" + ONES[n % 10] if n % 10 else "")
    if n < 1000:
        return ONES[n // 100] + " hundred" + (" " + in_words(n % 100) if n % 100 else "")
    return in_words(n // 1000) + " thousand" + (" " + in_words(n % 1000) if n % 1000 else "")


OPERATOR_WORDS = ["plus", "minus", "times", "divided by", "multiplied by"]
OPERATOR_SIGNS = ["+", "-", "*", "/", "x"]
QUESTION_WORDS = {"what", "what's", "whats", "how", "can", "could", "will", "is"}


def varied_numbers(label, text, copies):
    """The text and up to copies-1 distinct variants of it with other numbers (as digits or in
    words, like spoken requests), other operators between two numbers, and for half of them
    a capital (and a question mark after a question word): a few dozen spoken calculations
    are otherwise learnt as those exact numbers."""
    out, seen = [(label, text)], {text}
    for copy in range(1, copies):
        rng = random.Random(f"{SEED}:{copy}:{text}")

        def number(m):
            after = m.string[m.end():m.end() + 1]
            if after.isalpha():
                return m.group(0)  # an ordinal or a unit ("3rd", "5km") stays as it is
            n = rng.randrange(10 ** min(len(m.group(0)), 6))
            # In words only between spaces: not "$five", "five%", "2.five", "seventy/ three".
            before = m.string[m.start() - 1:m.start()]
            spoken = rng.random() < 0.3 and not (before + after).strip()
            return in_words(n) if spoken else str(n)

        # Operators only between two numbers: "3/4 of 18" is a fraction, "how many times" no sum.
        variant = re.sub(r"(?<=\d)(\s*)[-+*x](\s*)(?=\d)", lambda m: m.group(1) + rng.choice(OPERATOR_SIGNS) + m.group(2), text)
        variant = re.sub(r"(?<=\d )(?:" + "|".join(OPERATOR_WORDS) + r")(?= \d)", lambda m: rng.choice(OPERATOR_WORDS), variant)
        variant = re.sub(r"\d+", number, variant)
        if rng.random() < 0.5:
            variant = variant[:1].upper() + variant[1:] + ("?" if variant.split()[0].lower() in QUESTION_WORDS else "")
        if variant not in seen:
            seen.add(variant)
            out.append((label, variant))
    return out


def normalise(text):
    return " ".join(re.findall(r"\w+", text.lower()))


def shingles(text, n=8):
    words = normalise(text).split()
    return {" ".join(words[i:i + n]) for i in range(max(1, len(words) - n + 1))}


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--out", required=True, help="output directory (train.jsonl, heldout.jsonl, cache/)")
    parser.add_argument("--mirrors", help="directory of local git snapshots, <owner>+<name>/repo")
    parser.add_argument("--manifest", default=os.path.join(HERE, "sources.json"))
    args = parser.parse_args()

    with open(args.manifest) as f:
        manifest = json.load(f)
    labels = manifest["labels"]
    train_repos = {s["repo"] for s in manifest["train"]}
    for s in manifest["heldout"]:
        if s["repo"] in train_repos:
            raise SystemExit(f"{s['id']}: the held-out set must not share a source with training ({s['repo']})")
    fetch = Fetcher(args.mirrors, os.path.join(args.out, "cache"))
    os.makedirs(args.out, exist_ok=True)

    sets = {}
    for side in ("train", "heldout"):
        rows = []
        for src in manifest[side]:
            selected = select(src, source_texts(src, fetch))
            for label, _ in selected:
                assert label in labels, (src["id"], label)
            print(f"{side:8} {src['id']:26} {len(selected):5}", file=sys.stderr)
            rows += [(label, src["id"], text) for label, text in selected]
        sets[side] = rows

    # The held-out set loses anything that is (nearly) a training prompt.
    train_keys = {normalise(t) for _, _, t in sets["train"]}
    train_shingles = set()
    for _, _, t in sets["train"]:
        train_shingles |= shingles(t)
    kept = []
    dropped = {}
    for row in sets["heldout"]:
        s = shingles(row[2])
        if normalise(row[2]) in train_keys or (len(s) >= 2 and len(s & train_shingles) / len(s) > 0.5):
            dropped[row[1]] = dropped.get(row[1], 0) + 1
            continue
        kept.append(row)
    sets["heldout"] = kept
    print(f"held-out rows dropped as (near) duplicates of training rows: {dropped}", file=sys.stderr)

    for side, rows in sets.items():
        with open(os.path.join(args.out, f"{side}.jsonl"), "w") as f:
            for label, source, text in rows:
                f.write(json.dumps({"label": label, "source": source, "text": text}, ensure_ascii=False) + "\n")
        counts = {l: sum(1 for r in rows if r[0] == l) for l in labels}
        print(f"{side}: {len(rows)} rows {counts}", file=sys.stderr)


if __name__ == "__main__":
    main()
