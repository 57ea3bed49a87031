"""Writes the grounded-proposer golden from real Python DSPy (3.4.1): every request MIPROv2's
GroundedProposer sends (dataset summary, program/module descriptions, instruction proposals)
for a scripted LM, a seeded RNG and fixed demo candidates. dspy-ts's GroundedProposer runs the
same scenario and must send byte-identical messages (compared as a multiset, since dspy-ts runs
the proposals in parallel) and return the same instructions.

Usage: /work/venv-dspy/bin/python scripts/dspy-goldens-mipro-proposer.py packages/optimizers/test/goldens
"""
import hashlib
import json
import random
import re
import sys
import threading
from pathlib import Path
from types import SimpleNamespace

import dspy
from dspy.clients.base_lm import BaseLM
from dspy.propose.grounded_proposer import GroundedProposer

out_dir = Path(sys.argv[1])
REQUESTS = []
LOCK = threading.Lock()


class ScriptLM(BaseLM):
    def __init__(self, **kwargs):
        super().__init__(model="scripted", model_type="chat", temperature=0.0, max_tokens=1000, cache=False)

    def forward(self, prompt=None, messages=None, **kwargs):
        system = messages[0]["content"]
        outputs = re.findall(r"^\d+\. `(\w+)`", system.split("Your output fields are:")[1].split("All interactions")[0], re.M)
        with LOCK:
            REQUESTS.append({"messages": messages, "temperature": kwargs.get("temperature")})
            # A function of the request, not of call order: dspy-ts sends the proposals in parallel.
            k = hashlib.sha256(messages[-1]["content"].encode()).hexdigest()[:8]
        body = "\n\n".join(f"[[ ## {o} ## ]]\n{o.replace('_', ' ').title()}: reply {k} for {o}" for o in outputs)
        content = body + "\n\n[[ ## completed ## ]]"
        choice = SimpleNamespace(message=SimpleNamespace(content=content, tool_calls=None), finish_reason="stop", index=0)
        return SimpleNamespace(choices=[choice], usage={"prompt_tokens": 1, "completion_tokens": 1, "total_tokens": 2}, model="scripted")


trainset = [dspy.Example(question=f"What is {i} + {i}?", answer=str(2 * i)).with_inputs("question") for i in range(14)]
aug = [dspy.Example(augmented=True, question=f"What is {i} + 1?", answer=str(i + 1)) for i in range(5)]
labeled = [dspy.Example(question="What is 9 + 9?", answer="18").with_inputs("question")]
demo_candidates = {0: [[], labeled, [aug[0], aug[1]], [aug[2]], [aug[3], aug[4]]]}

lm = ScriptLM()
program = dspy.Predict("question -> answer")
with dspy.context(lm=lm):
    proposer = GroundedProposer(
        prompt_model=lm, program=program, trainset=trainset, view_data_batch_size=10,
        program_aware=True, use_dataset_summary=True, use_task_demos=True, num_demos_in_context=3,
        use_tip=True, set_tip_randomly=True, use_instruct_history=False, set_history_randomly=False,
        rng=random.Random(9), init_temperature=1.0,
    )
    proposals = proposer.propose_instructions_for_program(
        trainset=trainset, program=program, demo_candidates=demo_candidates, trial_logs={}, N=4,
    )
golden = {
    "dspy_version": dspy.__version__,
    "trainset": [{"question": e.question, "answer": e.answer} for e in trainset],
    "data_summary": proposer.data_summary,
    "proposals": proposals[0],
    "requests": [{"messages": r["messages"]} for r in REQUESTS],
}
(out_dir / "mipro-proposer.golden.json").write_text(json.dumps(golden, indent=2, ensure_ascii=False) + "\n")
print("wrote", len(REQUESTS), "requests")
