#!/usr/bin/env python3
"""nDCG@10 and Recall@10 per query kind of a running okienko on a judged query set.

    python3 tests/relevance/score.py http://127.0.0.1:8080 tests/relevance/queries.json

The server must hold the set's corpus (the demo seed for queries.json; for the held-out set,
start it with OKIENKO_SEED_FILE=tests/relevance/heldout/directory.json on a fresh data dir).
Kinds: the set's own; `foreign` queries are split by script into uk/ru/en.
"""
import json, math, sys, urllib.parse, urllib.request
from collections import defaultdict

K = 10

def ndcg(ranked, judgments):
    gain = lambda g: 2 ** g - 1
    dcg = sum(gain(judgments.get(i, 0)) / math.log2(r + 2) for r, i in enumerate(ranked[:K]))
    ideal = sorted(judgments.values(), reverse=True)[:K]
    idcg = sum(gain(g) / math.log2(r + 2) for r, g in enumerate(ideal))
    return dcg / idcg if idcg else 0.0

def recall(ranked, judgments):
    relevant = [i for i, g in judgments.items() if g > 0]
    return sum(1 for i in relevant if i in ranked[:K]) / min(len(relevant), K) if relevant else 0.0

def kind_of(q):
    kind = q["kind"]
    if kind == "foreign":
        text = q["query"]
        if any("\u0400" <= c <= "\u04ff" for c in text):
            return "uk" if any(c in "іїєґ'ʼ" for c in text.lower()) else "ru"
        return "en"
    return kind

def main():
    base, path = sys.argv[1], sys.argv[2]
    verbose = "-v" in sys.argv
    queries = json.load(open(path))["queries"]
    totals = defaultdict(lambda: [0, 0.0, 0.0])
    worst = []
    for q in queries:
        url = f"{base}/api/v1/search?" + urllib.parse.urlencode({"q": q["query"], "per_page": K})
        body = json.load(urllib.request.urlopen(url))
        ranked = [i["id"] for i in body["items"]]
        n, r = ndcg(ranked, q["judgments"]), recall(ranked, q["judgments"])
        for kind in (kind_of(q), "all"):
            t = totals[kind]
            t[0] += 1; t[1] += n; t[2] += r
        worst.append((n, q["query"], [i["name"][:40] for i in body["items"][:3]]))
    print(f"{'kind':<14} {'n':>4} {'nDCG@10':>8} {'Recall@10':>10}")
    for kind, (n, s, r) in sorted(totals.items()):
        print(f"{kind:<14} {n:>4} {s / n:>8.3f} {r / n:>10.3f}")
    if verbose:
        for n, text, top in sorted(worst)[:25]:
            print(f"{n:.2f} {text!r} -> {top}")

main()
