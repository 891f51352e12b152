#!/usr/bin/env python3
"""scikit-learn's macro-F1 and per-component average precision on a split.

Runs the shared peer (sklearn_peer.py, in the project's shared folder) as it is,
so the forest has exactly the peer's hyperparameters, and then scores the fitted
forest's predict_proba: average precision (PR-AUC) per failure class,
one-vs-rest. Needs Debian's python3-sklearn and python3-pandas.

usage: sklearn_ap.py PEER TRAIN_CSV TEST_CSV [--seed 0 ...]  (seeds as for the peer)
Prints one JSON line: the peer's own fields plus "ap": {class: AP} and "seed".
"""
import io, json, runpy, sys
from contextlib import redirect_stdout
import numpy as np
from sklearn.metrics import average_precision_score

peer, args = sys.argv[1], sys.argv[2:]
sys.argv = [peer] + args
buf = io.StringIO()
with redirect_stdout(buf):
    g = runpy.run_path(peer, run_name="__main__")
out = json.loads(buf.getvalue().strip().splitlines()[-1])
rf, Xte, yte = g["rf"], g["Xte"], g["yte"]
proba = rf.predict_proba(Xte)
ap = {}
for k, c in enumerate(rf.classes_):
    if c == "none" or not (yte == c).any():
        continue
    ap[c] = round(float(average_precision_score(yte == c, proba[:, k])), 4)
out["ap"] = ap
out["seed"] = g["a"].seed
print(json.dumps(out))
