"""Writes GEPA golden files from real Python DSPy 3.4.1 (+ the `gepa` package it drives).

Scenario: a two-step program (`step1: question -> draft`, `step2: draft -> answer`) whose scripted
task LM follows simple rules keyed on the *instructions* (so only instruction changes matter):
step1 upper-cases the question when its instructions contain "SHOUT"; step2 appends "!" when its
instructions contain "exclaim". Gold answers need one, the other or both ideas, so candidates
differ per example and GEPA's per-example Pareto frontier, round-robin component choice and merge
all come into play. The reflection LM is scripted too: it answers DSPy 3.4.1's default proposer
(`InstructionProposer`: `Predict(ProposeInstruction)` through `JSONAdapter`) with a new
instruction chosen from the request.

Recorded: every reflection request (exact messages), every reply, and the run's result
(candidates, parents, per-example val scores, metric calls, best index). dspy-ts replays the same
scenario and must send byte-identical reflection requests and reach the same candidates.

Also recorded: gepa's own reflection template (`InstructionProposalSignature`) rendered for one
reflective dataset, and its fenced-block extraction on several replies.

Usage: /work/venv-dspy/bin/python scripts/dspy-goldens-gepa.py packages/optimizers/test/fixtures/gepa
"""
import json
import re
import sys
from pathlib import Path

import dspy
from dspy.utils.dummies import DummyLM
from gepa.strategies.instruction_proposal import InstructionProposalSignature

out_dir = Path(sys.argv[1])
out_dir.mkdir(parents=True, exist_ok=True)


class FnLM(DummyLM):
    """DummyLM whose raw reply is fn(messages)."""

    def __init__(self, fn):
        super().__init__([], follow_examples=True)
        self.fn = fn
        self.calls = []

    def _use_example(self, messages):
        out = self.fn(messages)
        self.calls.append({"messages": [dict(m) for m in messages], "reply": out})
        return out


def field(text, name):
    m = re.search(r"\[\[ ## " + name + r" ## \]\]\n(.*?)(?:\n\n|$)", text, re.S)
    return m.group(1).strip() if m else ""


def task_fn(messages):
    system = messages[0]["content"]
    user = messages[-1]["content"]
    if "`draft`" in system.split("Your output fields are:")[1].split("All interactions")[0]:
        q = field(user, "question")
        draft = q.upper() if "SHOUT" in system else q
        return f"[[ ## draft ## ]]\n{draft}\n\n[[ ## completed ## ]]"
    d = field(user, "draft")
    answer = d + "!" if "exclaim" in system else d
    return f"[[ ## answer ## ]]\n{answer}\n\n[[ ## completed ## ]]"


counter = {"n": 0}


def reflection_fn(messages):
    counter["n"] += 1
    user = messages[-1]["content"]
    n = counter["n"]
    if '"Inputs": {"draft"' in user:
        text = f"Copy the draft into the answer and exclaim at the end (v{n})."
    else:
        text = f"Rewrite the question in SHOUT case as the draft (v{n})."
    return json.dumps({"new_instruction": text})


class Pipeline(dspy.Module):
    def __init__(self):
        super().__init__()
        self.step1 = dspy.Predict("question -> draft")
        self.step2 = dspy.Predict("draft -> answer")

    def forward(self, question):
        draft = self.step1(question=question).draft
        return self.step2(draft=draft)


def metric(gold, pred, trace=None, pred_name=None, pred_trace=None):
    ok = gold.answer == pred.answer
    return dspy.Prediction(
        score=float(ok),
        feedback="Correct." if ok else f"Expected {gold.answer!r} but got {pred.answer!r}.",
    )


words = ["alpha beta", "gamma", "delta x", "epsilon", "zeta q", "eta", "theta w", "iota", "kappa", "lambda m", "mu", "nu v"]


# Which idea each example needs: 0 SHOUT only, 1 exclaim only, 2 both, 3 neither.
KINDS = [0, 1, 2, 3, 0, 1] + [3, 0, 1, 2, 2, 2]


def gold(i, q):
    return [q.upper(), q + "!", q.upper() + "!", q][KINDS[i]]


examples = [dspy.Example(question=q, answer=gold(i, q)).with_inputs("question") for i, q in enumerate(words)]
trainset, valset = examples[:6], examples[6:]


def run(name, **kwargs):
    counter["n"] = 0
    task = FnLM(task_fn)
    reflection = FnLM(reflection_fn)
    dspy.configure(lm=task, adapter=None)
    gepa = dspy.GEPA(metric=metric, reflection_lm=reflection, track_stats=True, num_threads=1, seed=0, **kwargs)
    prog = gepa.compile(Pipeline(), trainset=trainset, valset=valset)
    r = prog.detailed_results
    golden = {
        "dspy_version": dspy.__version__,
        "options": kwargs,
        "trainset": [e.toDict() for e in trainset],
        "valset": [e.toDict() for e in valset],
        "reflection_calls": reflection.calls,
        "task_lm_calls": len(task.calls),
        "candidates": [{n: p.signature.instructions for n, p in c.named_predictors()} for c in r.candidates],
        "parents": r.parents,
        "val_subscores": [[s[i] for i in range(len(valset))] for s in r.val_subscores],
        "val_aggregate_scores": r.val_aggregate_scores,
        "discovery_eval_counts": r.discovery_eval_counts,
        "total_metric_calls": r.total_metric_calls,
        "num_full_val_evals": r.num_full_val_evals,
        "best_idx": r.best_idx,
        "final_instructions": {n: p.signature.instructions for n, p in prog.named_predictors()},
    }
    (out_dir / f"{name}.golden.json").write_text(json.dumps(golden, indent=2, ensure_ascii=False) + "\n")
    return golden


run("gepa-merge", max_metric_calls=150, use_merge=True)
run("gepa-no-merge", max_metric_calls=80, use_merge=False)
run("gepa-current-best", max_metric_calls=80, use_merge=False, candidate_selection_strategy="current_best")

# gepa's own template and fenced-block extraction.
dataset = [
    {"Inputs": {"question": "gamma"}, "Generated Outputs": {"draft": "gamma"}, "Feedback": "Expected 'GAMMA!'."},
    {"Inputs": {"question": "delta x", "context": ["a", "b"]}, "Generated Outputs": {"draft": "delta x"}, "Feedback": "Correct."},
]
replies = [
    "Here you go:\n```\nNew instruction.\nLine two.\n```\nThanks",
    "```markdown\nWith a language tag\n```",
    "No fence at all, just the text.  ",
    "```\nOpened but never closed",
    "Only closed at the end```",
    "``` same line ```",
]
template = {
    "dspy_version": dspy.__version__,
    "current_instruction": "Given the fields `question`, produce the fields `draft`.",
    "dataset": dataset,
    "prompt": InstructionProposalSignature.prompt_renderer(
        {"current_instruction_doc": "Given the fields `question`, produce the fields `draft`.", "dataset_with_feedback": dataset}
    ),
    "extractions": [{"reply": r, "instruction": InstructionProposalSignature.output_extractor(r)["new_instruction"]} for r in replies],
}
(out_dir / "gepa-template.golden.json").write_text(json.dumps(template, indent=2, ensure_ascii=False) + "\n")
print("ok")
