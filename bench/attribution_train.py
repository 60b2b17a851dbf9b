#!/usr/bin/env python3
"""Fits the weights of voices/attribution.cc's "context" rule.

usage: ATTRIBUTION_FEATURES=F bench/attribution.sh PDNC_DIR   (development novels)
       bench/attribution_train.py F [--curve] [--write voices/context_weights.inc]

F holds one line per candidate speaker the rule weighed (novel, quotation byte,
candidate, label, likelihood, features; see bench/attribution_corpus.cc): the
features come from the rules before it, so they do not depend on the weights
in use. Turns whose label is -1 (no PDNC quotation, or two speakers) are left
out. The model is a logistic regression over the features
and their pairwise products (L2 penalty), fitted by Newton's method. It prints
leave-one-novel-out precision of the decision (the likeliest candidate, when
its likelihood and its share of the turn's likelihoods pass the thresholds) and
writes the weights fitted on all the novels. Needs numpy (python3-numpy).
"""
import argparse
import collections
import itertools

import numpy as np

L2 = 3.0
THRESHOLD = 0.75  # the lowest whose added turns are >= 80% right, leaving each novel out
SHARE = 0.7


def load(path):
    rows = [line.rstrip("\n").split("\t") for line in open(path, encoding="utf-8")]
    rows = [r for r in rows if int(r[3]) >= 0]
    novels = np.array([r[0] for r in rows])
    turns = np.array([r[0] + ":" + r[1] for r in rows])
    labels = np.array([int(r[3]) for r in rows])
    features = np.array([[float(x) for x in r[5:]] for r in rows])
    return novels, turns, labels, features


def expand(x):
    """The features, then the products of each pair of them but the bias."""
    pairs = itertools.combinations(range(1, x.shape[1]), 2)
    return np.hstack([x] + [x[:, [a]] * x[:, [b]] for a, b in pairs])


def fit(x, y):
    w = np.zeros(x.shape[1])
    penalty = L2 * np.eye(x.shape[1])
    penalty[0, 0] = 0
    for _ in range(100):
        p = 1 / (1 + np.exp(-x @ w))
        gradient = x.T @ (p - y) + penalty @ w
        hessian = (x.T * (p * (1 - p))) @ x + penalty
        step = np.linalg.solve(hessian, gradient)
        w -= step
        if np.abs(step).max() < 1e-9:
            break
    return w


def decisions(x, w, labels, turns, rows, threshold=None):
    threshold = THRESHOLD if threshold is None else threshold
    p = 1 / (1 + np.exp(-x @ w))
    by_turn = collections.OrderedDict()
    for i in rows:
        by_turn.setdefault(turns[i], []).append(i)
    for ix in by_turn.values():
        ix = np.array(ix)
        j = ix[np.argmax(p[ix])]
        if p[j] >= threshold and p[j] / p[ix].sum() >= SHARE:
            yield labels[j]


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("features")
    parser.add_argument("--write")
    parser.add_argument("--curve", action="store_true", help="precision at other thresholds")
    args = parser.parse_args()
    novels, turns, labels, x = load(args.features)
    x = expand(x)
    right = taken = 0
    curve = collections.defaultdict(list)
    for novel in sorted(set(novels)):
        w = fit(x[novels != novel], labels[novels != novel])
        rows = np.flatnonzero(novels == novel)
        got = list(decisions(x, w, labels, turns, rows))
        for t in (0.6, 0.65, 0.7, 0.75, 0.8, 0.85, 0.9) if args.curve else ():
            curve[t] += list(decisions(x, w, labels, turns, rows, t))
        right += sum(got)
        taken += len(got)
        print(f"{novel:30s} turns {len(got):5d} right {sum(got) / max(len(got), 1):.1%}")
    for t, got in curve.items():
        print(f"  threshold {t}: {len(got)} turns, {sum(got) / max(len(got), 1):.1%} right")
    print(f"leave-one-novel-out: {taken} turns taken, {right / max(taken, 1):.1%} right")
    if args.write:
        w = fit(x, labels)
        with open(args.write, "w", encoding="utf-8") as out:
            out.write("// The \"context\" rule's weights (attribution.cc), written by\n")
            out.write("// bench/attribution_train.py from the development novels of PDNC:\n")
            out.write("// the bias and features, then the products of each pair of features.\n")
            out.write(f"constexpr double kContextThreshold = {THRESHOLD};\n")
            out.write(f"constexpr double kContextShare = {SHARE};\n")
            out.write(f"constexpr std::array<double, {len(w)}> kContextWeights = {{\n")
            for i in range(0, len(w), 6):
                out.write("    " + ", ".join(f"{v:.6f}" for v in w[i:i + 6]) + ",\n")
            out.write("};\n")


if __name__ == "__main__":
    main()
