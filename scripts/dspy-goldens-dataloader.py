"""Writes DataLoader.train_test_split / sample goldens from real Python DSPy 3.4.1.

Each case holds the dataset size, the options and the indexes of the examples that land in `train`
and `test` (DSPy seeds Python's global `random` with `random_state`), so dspy-ts's seeded split can be
checked to pick the same examples.

Usage: /work/venv-dspy/bin/python scripts/dspy-goldens-dataloader.py packages/core/test/fixtures/dspy
"""
import json
import random
import sys
from pathlib import Path

import dspy
from dspy.datasets.dataloader import DataLoader

out_dir = Path(sys.argv[1])
loader = DataLoader()
cases = []
for n in (10, 37):
    data = [dspy.Example(i=i).with_inputs("i") for i in range(n)]
    for seed in (0, 42, 2024):
        for train_size, test_size in ((0.75, None), (0.5, 0.2), (7, 3), (0.8, None)):
            split = loader.train_test_split(data, train_size=train_size, test_size=test_size, random_state=seed)
            cases.append(
                {
                    "n": n,
                    "seed": seed,
                    "train_size": train_size,
                    "test_size": test_size,
                    "train": [e.i for e in split["train"]],
                    "test": [e.i for e in split["test"]],
                }
            )
samples = []
for seed in (0, 7):
    random.seed(seed)
    samples.append({"n": 37, "k": 5, "seed": seed, "sample": [e.i for e in loader.sample([dspy.Example(i=i) for i in range(37)], 5)]})
(out_dir / "dataloader-split.golden.json").write_text(
    json.dumps({"dspy_version": dspy.__version__, "splits": cases, "samples": samples}, indent=1) + "\n"
)
