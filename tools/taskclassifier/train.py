#!/usr/bin/env python3
"""Trains the task classifier shipped in core/routing/taskmodel.bin.

A multinomial logistic regression over hashed features (core/routing/taskfeatures.cpp,
mirrored in features() below: words, word pairs, trigrams of words, shape buckets, names of
programming technologies from core/routing/techterms.txt), trained
by SGD with class weights on OUT/train.jsonl from build_dataset.py (the mean of five shuffle
orders' weights), then quantised to int8.

    tools/taskclassifier/train.py --data build/taskclassifier --out core/routing/taskmodel.bin

Reports accuracy on OUT/heldout.jsonl (never trained on; settings and features are chosen
by --cross-validate, and docs/routing.md records every held-out run that informed a
choice); the numbers in docs/routing.md come from the C++ evaluator, which runs the shipped
code on the same file. Python 3 standard library only; deterministic (seeded shuffles).
"""

import argparse
import collections
import json
import math
import os
import random
import struct
import sys

LABELS = ["code", "math", "factual", "creative", "conversational"]  # TaskType order
BITS = 16
BUCKETS = 1 << BITS
HEAD, TAIL = 1536, 512  # core/protocol/prompttext.h
MAX_TRIGRAM_WORD = 24
MODEL_VERSION = 2  # 2: with the technology-name feature


def read_tech_terms():
    path = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "core", "routing", "techterms.txt")
    with open(path, "rb") as f:
        terms = {w for line in f for w in line.split(b"#")[0].split()}
    for w in terms:  # taskfeatures.cpp ignores anything else; it could never match a word
        if not all(is_word(c) and not 65 <= c <= 90 for c in w):
            raise SystemExit(f"techterms.txt: {w!r} is not a lower-case word ([a-z0-9_])")
    return terms


def excerpt(data):
    if len(data) <= HEAD + 1 + TAIL:
        return data
    head = HEAD
    while head > 0 and (data[head] & 0xC0) == 0x80:
        head -= 1
    tail = len(data) - TAIL
    while tail < len(data) and (data[tail] & 0xC0) == 0x80:
        tail += 1
    return data[:head] + b"\n" + data[tail:]


def fnv1a(data, h=2166136261):
    """FNV-1a over data (bytes or ints), continuing from h: taskfeatures.cpp's Hash."""
    for c in data:
        h = ((h ^ c) * 16777619) & 0xFFFFFFFF
    return h


def bucket(kind, data):
    h = fnv1a(data, fnv1a((kind,)))  # seeded by the feature's kind, as Hash(kind)
    return (h ^ (h >> BITS)) & (BUCKETS - 1)


def is_word(c):
    return 97 <= c <= 122 or 48 <= c <= 57 or c == 95 or c >= 0x80


SPACE = set(b" \t\n\r\f\v")
TECH_TERMS = read_tech_terms()  # core/routing/techterms.txt


def feature_set_id():
    """taskFeatureSetId(): FNV-1a of the technology names, sorted, joined by newlines."""
    return fnv1a(b"\n".join(sorted(TECH_TERMS)))


def features(text):
    """Bucket ids of text's features (with repeats), as taskFeatures() computes them."""
    s = bytes(c + 32 if 65 <= c <= 90 else c for c in text[:0xFFFF])
    n = len(s)
    digits = sum(1 for c in s if 48 <= c <= 57)
    lines = s.count(b"\n")
    punct = sum(1 for c in s if not is_word(c) and c not in SPACE)
    tenths = lambda k: min(9, 10 * k // n) if n else 0
    out = [bucket(ord("L"), bytes([n.bit_length()])), bucket(ord("N"), bytes([lines.bit_length()])),
           bucket(ord("D"), bytes([tenths(digits)])), bucket(ord("P"), bytes([tenths(punct)]))]
    prev = None
    i = 0
    while i < n:
        c = s[i]
        if c in SPACE:
            i += 1
            continue
        begin = i
        word = is_word(c)
        i += 1
        if word:
            while i < n and is_word(s[i]):
                i += 1
        tok = s[begin:i]
        out.append(bucket(ord("w"), tok))
        if word and tok in TECH_TERMS:
            out.append(bucket(ord("T"), b""))
        if prev is not None:
            out.append(bucket(ord("b"), prev + b" " + tok))
        if word:
            w = tok[:MAX_TRIGRAM_WORD]
            padded = b" " + w + b" "
            for k in range(len(w)):
                out.append(bucket(ord("c"), padded[k:k + 3]))
        prev = tok
    return out


def vectorise(text):
    fs = features(excerpt(text.encode("utf-8")))
    counts = {}
    for f in fs:
        counts[f] = counts.get(f, 0) + 1
    inv = 1.0 / math.sqrt(len(fs))
    return [(f, c * inv) for f, c in counts.items()]


def load(path):
    rows = []
    with open(path, encoding="utf-8") as f:
        for line in f:
            r = json.loads(line)
            rows.append((LABELS.index(r["label"]), vectorise(r["text"]), r["source"]))
    return rows


def softmax(z):
    m = max(z)
    e = [math.exp(v - m) for v in z]
    s = sum(e)
    return [v / s for v in e]


def row_weights(rows, source_balance):
    """A weight per row: each class weighs the same in total, and within a class a source of
    n rows weighs n^(1 - source_balance) (0: by its size, 1: every source the same), so a
    large source does not decide what its whole class looks like."""
    K = len(LABELS)
    per_source = {}
    for y, _, src in rows:
        per_source[(y, src)] = per_source.get((y, src), 0) + 1
    raw = [per_source[(y, src)] ** -source_balance for y, _, src in rows]
    class_total = [0.0] * K
    for (y, _, _), w in zip(rows, raw):
        class_total[y] += w
    return [w * len(rows) / (K * class_total[y]) for (y, _, _), w in zip(rows, raw)]


# What training does, apart from the data and the shuffle order.
Settings = collections.namedtuple("Settings", "epochs l2 rate source_balance average_from")


def train(rows, settings, seed, log=True):
    """SGD over the rows in a seeded shuffle order. With average_from > 0 the result is the
    mean of the weights after every step from the start of that epoch (1-based; Polyak-Ruppert
    averaging): the last steps' rows no longer decide the weights, so the shuffle order
    matters less. The mean is kept without storing the iterates: after T averaged steps with
    updates d_1..d_T it is W_T - sum_s (s - 1) d_s / T, and U holds that sum."""
    K = len(LABELS)
    l2, rate, average_from = settings.l2, settings.rate, settings.average_from
    W = [0.0] * (BUCKETS * K)
    b = [0.0] * K
    U = [0.0] * (BUCKETS * K) if average_from else None
    ub = [0.0] * K
    averaged = 0  # steps taken inside the averaging window
    weights = row_weights(rows, settings.source_balance)
    rng = random.Random(seed)
    order = list(range(len(rows)))
    step = 0
    for epoch in range(settings.epochs):
        rng.shuffle(order)
        averaging = bool(average_from) and epoch + 1 >= average_from
        loss = 0.0
        for idx in order:
            y, x, _ = rows[idx]
            rw = weights[idx]
            z = b[:]
            for f, v in x:
                base = f * K
                for k in range(K):
                    z[k] += W[base + k] * v
            p = softmax(z)
            loss -= math.log(max(p[y], 1e-12)) * rw
            eta = rate / (1 + step * 1e-5)
            step += 1
            g = [(p[k] - (1.0 if k == y else 0.0)) * rw * eta for k in range(K)]
            if averaging:  # add (s - 1) times this step's update to U, before W changes
                c = averaged
                averaged += 1
                for k in range(K):
                    ub[k] -= c * g[k]
                for f, v in x:
                    base = f * K
                    for k in range(K):
                        U[base + k] -= c * (g[k] * v + eta * l2 * W[base + k])
            for k in range(K):
                b[k] -= g[k]
            for f, v in x:
                base = f * K
                for k in range(K):
                    W[base + k] -= g[k] * v + eta * l2 * W[base + k]
        if log:
            print(f"epoch {epoch + 1}: loss {loss / len(rows):.4f}", file=sys.stderr)
    if averaged:
        W = [w - u / averaged for w, u in zip(W, U)]
        b = [w - u / averaged for w, u in zip(b, ub)]
    return W, b


def _train_one(args):
    rows, settings, seed = args
    return train(rows, settings, seed, log=False)


def train_averaged(rows, settings, seed, average, jobs=1):
    """The mean of the weights of `average` models trained in different shuffle orders
    (seed, seed + 1, ...). A single order moves the held-out accuracy by about a point; for a
    linear model the mean of the weights is the mean of the scores, so the shipped model
    stays one model of the same size."""
    tasks = [(rows, settings, seed + i) for i in range(average)]
    if jobs > 1 and average > 1:
        import multiprocessing
        with multiprocessing.Pool(min(jobs, average)) as pool:
            models = pool.map(_train_one, tasks)
    else:
        models = [_train_one(t) for t in tasks]
    W = [sum(ws) / average for ws in zip(*(m[0] for m in models))]
    b = [sum(bs) / average for bs in zip(*(m[1] for m in models))]
    return W, b


def quantise(W, b):
    K = len(LABELS)
    scale = []
    for k in range(K):
        m = max(abs(W[i]) for i in range(k, len(W), K)) or 1.0
        scale.append(m / 127.0)
    q = bytearray(len(W))
    for i, w in enumerate(W):
        q[i] = max(-127, min(127, round(w / scale[i % K]))) & 0xFF
    return q, scale


def dequantised(q, scale):
    K = len(LABELS)
    return [(v - 256 if v > 127 else v) * scale[i % K] for i, v in enumerate(q)]


def accuracy(rows, W, b):
    K = len(LABELS)
    right = 0
    confusion = [[0] * K for _ in range(K)]
    for y, x, _ in rows:
        z = b[:]
        for f, v in x:
            for k in range(K):
                z[k] += W[f * K + k] * v
        guess = max(range(K), key=lambda k: z[k])
        right += guess == y
        confusion[y][guess] += 1
    return right / len(rows), confusion


def dataset_of(source):
    """Sources cut from one dataset (mbpp and mbpp-code, the clinc intents) form one group:
    sources.json names such sources <dataset>-<part>, and no two datasets share a first word."""
    return source.split("-")[0]


def _cross_validate_fold(args):
    rows, group, settings, seed, average = args
    train_rows = [r for r in rows if dataset_of(r[2]) != group]
    test_rows = [r for r in rows if dataset_of(r[2]) == group]
    W, b = train_averaged(train_rows, settings, seed, average)
    acc, _ = accuracy(test_rows, W, b)
    return group, acc, len(test_rows)


def cross_validate(rows, settings, jobs, seed, average):
    """Leave one dataset out: train on the others, score the one left out. The held-out set
    comes from other datasets, so this is the training data's own estimate of that shift;
    settings are chosen by it, not by the held-out score."""
    import multiprocessing
    groups = sorted({dataset_of(r[2]) for r in rows})
    with multiprocessing.Pool(jobs) as pool:
        results = pool.map(_cross_validate_fold, [(rows, g, settings, seed, average) for g in groups])
    for group, acc, n in results:
        print(f"  {group:20} {acc:.3f} ({n})", file=sys.stderr)
    mean = sum(acc for _, acc, _ in results) / len(results)
    pooled = sum(acc * n for _, acc, n in results) / sum(n for _, _, n in results)
    print(f"leave-one-dataset-out: mean over datasets {mean:.3f}, pooled {pooled:.3f}", file=sys.stderr)


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--data", required=True, help="directory with train.jsonl and heldout.jsonl")
    parser.add_argument("--out", help="the model file to write (not with --cross-validate)")
    parser.add_argument("--epochs", type=int, default=4)
    parser.add_argument("--l2", type=float, default=1e-4)
    parser.add_argument("--rate", type=float, default=0.2)
    parser.add_argument("--source-balance", type=float, default=0.0,
                        help="0: a source weighs by its size within its class; 1: every source the same")
    parser.add_argument("--cross-validate", action="store_true",
                        help="only report leave-one-dataset-out accuracy on the training data; write nothing")
    parser.add_argument("--jobs", type=int, default=2, help="processes to train in")
    parser.add_argument("--seed", type=int, default=14, help="the first shuffle order's seed")
    parser.add_argument("--average", type=int, default=5,
                        help="models (shuffle orders) whose weights are averaged (the shipped model: 5)")
    parser.add_argument("--average-from", type=int, default=0, metavar="EPOCH",
                        help="return the mean of the weights after every step from this epoch on (1-based; "
                             "0, the shipped model: the last weights)")
    args = parser.parse_args()
    if not args.out and not args.cross_validate:
        parser.error("--out is required (unless --cross-validate)")

    settings = Settings(args.epochs, args.l2, args.rate, args.source_balance, args.average_from)
    train_rows = load(os.path.join(args.data, "train.jsonl"))
    if args.cross_validate:
        cross_validate(train_rows, settings, args.jobs, args.seed, args.average)
        return
    W, b = train_averaged(train_rows, settings, args.seed, args.average, args.jobs)
    q, scale = quantise(W, b)
    Wq = dequantised(q, scale)
    with open(args.out, "wb") as f:
        # "SYTC", version, feature bits, classes, feature set, bias[K], scale[K], int8 weights[bucket][class]
        f.write(b"SYTC" + struct.pack("<IIII", MODEL_VERSION, BITS, len(LABELS), feature_set_id()))
        f.write(struct.pack(f"<{len(LABELS)}f", *b))
        f.write(struct.pack(f"<{len(LABELS)}f", *scale))
        f.write(bytes(q))
    acc, _ = accuracy(train_rows, Wq, b)
    print(f"train accuracy (int8 weights): {acc:.3f}", file=sys.stderr)
    heldout = os.path.join(args.data, "heldout.jsonl")
    if os.path.exists(heldout):
        acc, confusion = accuracy(load(heldout), Wq, b)
        print(f"held-out accuracy (int8 weights): {acc:.3f}", file=sys.stderr)
        for k, row in enumerate(confusion):
            print(f"  {LABELS[k]:15} {row}", file=sys.stderr)


if __name__ == "__main__":
    main()
