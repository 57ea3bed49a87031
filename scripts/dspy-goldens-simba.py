"""Writes SIMBA golden files from real Python DSPy 3.4.1.

Scenario: the two-step program of dspy-goldens-gepa.py (`step1: question -> draft`,
`step2: draft -> answer`) with a scripted task LM keyed on the instructions ("SHOUT" upper-cases
the draft, "exclaim" appends "!") that also "explores" when sampled at temperature 1.0 with some
rollout ids, so SIMBA's buckets differ. `max_demos=0` makes `append_a_rule` the only strategy and
keeps numpy's Poisson draw (which dspy-ts does not reproduce) out of the run, so every step is
comparable. The OfferFeedback model is scripted from the oracle answer.

Recorded: every OfferFeedback request (exact messages) and reply, the number of task LM calls and
the final program's instructions and score. `program_code` is Python source (dspy-ts prints the JS
class): the TS test passes the same text through SIMBA's `programCode` option.

Usage: /work/venv-dspy/bin/python scripts/dspy-goldens-simba.py packages/optimizers/test/fixtures/simba
"""
import inspect
import json
import re
import sys
from pathlib import Path

import dspy
from dspy.utils.dummies import DummyLM

out_dir = Path(sys.argv[1])
out_dir.mkdir(parents=True, exist_ok=True)

TASK_CALLS = []
FEEDBACK_CALLS = []


class FnLM(DummyLM):
    def __init__(self, fn, log):
        super().__init__([], follow_examples=True)
        self.fn = fn
        self.log = log

    def _use_example(self, messages):
        out = self.fn(messages, self.kwargs)
        self.log.append({"messages": [dict(m) for m in messages], "reply": out})
        return out


def field(text, name):
    m = re.search(r"\[\[ ## " + name + r" ## \]\]\n(.*?)(?:\n\n|$)", text, re.S)
    return m.group(1).strip() if m else ""


def task_fn(messages, kwargs):
    system = messages[0]["content"]
    user = messages[-1]["content"]
    explore = kwargs.get("temperature") == 1.0
    rid = kwargs.get("rollout_id")
    if "Your output fields are:\n1. `draft`" in system:
        q = field(user, "question")
        up = "SHOUT" in system or (explore and rid in (1, 3) and len(q) % 2 == 0)
        return f"[[ ## draft ## ]]\n{q.upper() if up else q}\n\n[[ ## completed ## ]]"
    d = field(user, "draft")
    ex = "exclaim" in system or (explore and rid in (2, 3) and len(d) % 2 == 1)
    return f"[[ ## answer ## ]]\n{d + '!' if ex else d}\n\n[[ ## completed ## ]]"


def feedback_fn(messages, kwargs):
    user = messages[-1]["content"]
    n = len(FEEDBACK_CALLS) + 1
    oracle = json.loads(field(user, "oracle_metadata"))
    answer = oracle["answer"]
    advice = {}
    if answer != answer.lower():
        advice["step1"] = f"Write the draft in SHOUT case (tip {n})."
    if answer.endswith("!"):
        advice["step2"] = f"Copy the draft and exclaim with a final ! (tip {n})."
    return (
        f"[[ ## discussion ## ]]\nCompared the trajectories (call {n}).\n\n"
        f"[[ ## module_advice ## ]]\n{json.dumps(advice)}\n\n[[ ## completed ## ]]"
    )


class Pipeline(dspy.Module):
    def __init__(self):
        super().__init__()
        self.step1 = dspy.Predict("question -> draft")
        self.step2 = dspy.Predict("draft -> answer")

    def forward(self, question):
        draft = self.step1(question=question).draft
        return self.step2(draft=draft)


def metric(gold, pred, trace=None):
    return float(gold.answer == pred.answer)


words = ["alpha beta", "gamma", "delta x", "epsilon", "zeta q", "eta", "theta w", "iota"]
KINDS = [0, 1, 2, 3, 0, 1, 2, 2]


def gold(i, q):
    return [q.upper(), q + "!", q.upper() + "!", q][KINDS[i]]


trainset = [dspy.Example(question=q, answer=gold(i, q)).with_inputs("question") for i, q in enumerate(words)]

task = FnLM(task_fn, TASK_CALLS)
feedback = FnLM(feedback_fn, FEEDBACK_CALLS)
dspy.configure(lm=task)
options = dict(bsize=4, num_candidates=3, max_steps=3, max_demos=0)
simba = dspy.SIMBA(metric=metric, prompt_model=feedback, num_threads=1, **options)
prog = simba.compile(Pipeline(), trainset=trainset, seed=0)
golden = {
    "dspy_version": dspy.__version__,
    "options": options,
    "program_code": inspect.getsource(Pipeline),
    "trainset": [e.toDict() for e in trainset],
    "feedback_calls": FEEDBACK_CALLS,
    "task_lm_calls": len(TASK_CALLS),
    "candidate_scores": [c["score"] for c in prog.candidate_programs],
    "final_instructions": {n: p.signature.instructions for n, p in prog.named_predictors()},
}
(out_dir / "simba-rules.golden.json").write_text(json.dumps(golden, indent=2, ensure_ascii=False) + "\n")
print("ok", len(FEEDBACK_CALLS), len(TASK_CALLS), golden["candidate_scores"], golden["final_instructions"])
