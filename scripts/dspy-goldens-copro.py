"""Writes the COPRO golden from real Python DSPy (3.4.1): every LM request COPRO sends.

A scripted LM answers proposer requests with numbered instructions ("Instruction <k>",
"Prefix <k>:", k counting proposals in order) and task requests with an answer that is right
or wrong by a fixed rule of the instruction number and the question, so scores differ between
candidates. dspy-ts's COPRO runs the same scenario (test/goldens/copro.golden.json) with the same
rule and must send byte-identical proposer requests (messages, n, temperature) and end with the
same best instruction and scores.

Usage: /work/venv-dspy/bin/python scripts/dspy-goldens-copro.py packages/optimizers/test/goldens
"""
import json
import re
import sys
import threading
from pathlib import Path
from types import SimpleNamespace

import dspy
from dspy.clients.base_lm import BaseLM

out_dir = Path(sys.argv[1])
out_dir.mkdir(parents=True, exist_ok=True)


def task_answer(system, question):
    m = re.search(r"Instruction (\d+)", system)
    n = int(m.group(1)) if m else 0
    i = int(question[1:])
    gold = f"a{i}"
    return gold if (n * 7 + i) % 4 < (n % 3) + 1 else "wrong"


class ScriptLM(BaseLM):
    def __init__(self):
        super().__init__(model="scripted", model_type="chat", temperature=0.0, max_tokens=1000, cache=False)
        self.proposals = 0
        self.lock = threading.Lock()
        self.requests = []

    def forward(self, prompt=None, messages=None, **kwargs):
        n = kwargs.get("n", 1) or 1
        system = messages[0]["content"]
        contents = []
        with self.lock:
            if "`proposed_instruction`" in system:
                self.requests.append({"messages": messages, "n": n, "temperature": kwargs.get("temperature")})
                for _ in range(n):
                    self.proposals += 1
                    k = self.proposals
                    contents.append(
                        f"[[ ## proposed_instruction ## ]]\nInstruction {k}\n\n"
                        f"[[ ## proposed_prefix_for_output_field ## ]]\nPrefix {k}:\n\n[[ ## completed ## ]]"
                    )
            else:
                q = re.search(r"\[\[ ## question ## \]\]\n(\S+)", messages[-1]["content"]).group(1)
                contents = [f"[[ ## answer ## ]]\n{task_answer(system, q)}\n\n[[ ## completed ## ]]"] * n
        choices = [
            SimpleNamespace(message=SimpleNamespace(content=c, tool_calls=None), finish_reason="stop", index=i)
            for i, c in enumerate(contents)
        ]
        usage = {"prompt_tokens": 1, "completion_tokens": 1, "total_tokens": 2}
        return SimpleNamespace(choices=choices, usage=usage, model="scripted")


def metric(example, pred, trace=None):
    return example.answer == pred.answer


class TwoStep(dspy.Module):
    def __init__(self):
        super().__init__()
        self.draft = dspy.Predict("question -> answer")
        self.final = dspy.Predict("question, draft -> answer")

    def forward(self, question):
        a = self.draft(question=question).answer
        return self.final(question=question, draft=a)


def scenario(name, program, breadth, depth):
    lm = ScriptLM()
    trainset = [dspy.Example(question=f"q{i}", answer=f"a{i}").with_inputs("question") for i in range(4)]
    with dspy.context(lm=lm):
        opt = dspy.COPRO(metric=metric, breadth=breadth, depth=depth, init_temperature=1.4)
        best = opt.compile(program, trainset=trainset, eval_kwargs={"num_threads": 1, "display_progress": False})
    return {
        "breadth": breadth,
        "depth": depth,
        "trainset": [{"question": e.question, "answer": e.answer} for e in trainset],
        "proposer_requests": lm.requests,
        "best_instructions": [p.signature.instructions for p in best.predictors()],
        "best_prefixes": [list(p.signature.fields.values())[-1].json_schema_extra["prefix"] for p in best.predictors()],
        "candidates": [
            {"score": c["score"], "instruction": c["instruction"], "prefix": c["prefix"], "depth": c["depth"]}
            for c in best.candidate_programs
        ],
        "total_calls": best.total_calls,
    }


golden = {
    "dspy_version": dspy.__version__,
    "single": scenario("single", dspy.Predict("question -> answer"), breadth=3, depth=3),
    "two_step": scenario("two_step", TwoStep(), breadth=3, depth=2),
}
(out_dir / "copro.golden.json").write_text(json.dumps(golden, indent=2, ensure_ascii=False) + "\n")
print("wrote", out_dir / "copro.golden.json")
