"""Writes golden files from real Python DSPy 3.4.1 for the conformance cases of issue 12.

Same layout as scripts/dspy-goldens.py (saved state + the exact messages per adapter); dspy-ts's
packages/core/test/dspy-parity.spec.ts loads each state into its equivalent program and must format
byte-identical messages.

Usage: /work/venv-dspy/bin/python scripts/dspy-goldens-parity.py packages/core/test/fixtures/dspy
"""
import json
import sys
import tempfile
from pathlib import Path
from typing import Optional

import dspy
import pydantic

out_dir = Path(sys.argv[1])
out_dir.mkdir(parents=True, exist_ok=True)


def saved_state(program):
    with tempfile.TemporaryDirectory() as d:
        p = Path(d) / "program.json"
        program.save(str(p))
        return p.read_text()


def write(name, program, predictor_name, inputs):
    predictor = dict(program.named_predictors())[predictor_name]
    state_text = saved_state(program)
    golden = {
        "dspy_version": dspy.__version__,
        "state": json.loads(state_text),
        # The file exactly as DSPy wrote it: JSON text keeps `5` and `5.0` apart, JSON.parse does not.
        "state_text": state_text,
        "predictor": predictor_name,
        "inputs": inputs,
        "messages": {
            "ChatAdapter": dspy.ChatAdapter().format(predictor.signature, predictor.demos, inputs),
            "JSONAdapter": dspy.JSONAdapter().format(predictor.signature, predictor.demos, inputs),
        },
    }
    (out_dir / f"{name}.golden.json").write_text(json.dumps(golden, indent=2, ensure_ascii=False) + "\n")


# 1. Descriptions on nested model properties (pydantic Field(description=...)) and on the model (docstring).
class Geo(pydantic.BaseModel):
    """A point on Earth."""

    lat: float = pydantic.Field(description="latitude in degrees")
    lon: float


class Address(pydantic.BaseModel):
    street: str = pydantic.Field(description="street and number")
    zip: Optional[int] = pydantic.Field(default=None, description="postal code")
    geo: Geo = pydantic.Field(description="where it is")
    tags: list[str] = pydantic.Field(description="labels")
    other: Optional[Geo] = None


class Locate(dspy.Signature):
    """Find the address."""

    text: str = dspy.InputField()
    address: Address = dspy.OutputField()
    nearby: list[Geo] = dspy.OutputField(desc="other points")


write("parity-nested-descriptions", dspy.Predict(Locate), "self", {"text": "Main St 1, 12345"})


# 2. PEP 604 optional types print as Union[X, NoneType] (DSPy 3.4.1).
class Pep604(dspy.Signature):
    question: str = dspy.InputField()
    hint: str | None = dspy.InputField()
    count: int | None = dspy.OutputField()
    tags: list[str] | None = dspy.OutputField()


write("parity-pep604", dspy.Predict(Pep604), "self", {"question": "How many?", "hint": "count them"})

# 3. An explicitly empty instruction string stays empty.
empty = dspy.Predict("question -> answer")
empty.signature = empty.signature.with_instructions("  ")  # DSPy turns "" into the default; "  " cleans to ""
assert empty.signature.instructions == ""
write("parity-empty-instructions", empty, "self", {"question": "Why?"})


# 4. Whole-number values in float fields of demos: Python keeps 5 (int) and 5.0 (float) apart.
class Score(dspy.Signature):
    """Score the answer."""

    answer: str = dspy.InputField()
    score: float = dspy.OutputField()
    weights: list[float] = dspy.OutputField()
    votes: int = dspy.OutputField()


score = dspy.Predict(Score)
score.demos = [
    dspy.Example(answer="a", score=5, weights=[1, 0.5], votes=3),
    dspy.Example(answer="b", score=5.0, weights=[2.0, 1], votes=4),
    dspy.Example(answer="c", score=2.5, weights=[], votes=0, augmented=True),
]
write("parity-float-demos", score, "self", {"answer": "d"})


# 5. None in demos and inputs: a None value counts as missing for completeness.
class Note(dspy.Signature):
    question: str = dspy.InputField()
    context: Optional[str] = dspy.InputField()
    answer: str = dspy.OutputField()
    note: Optional[str] = dspy.OutputField()


note = dspy.Predict(Note)
note.demos = [
    dspy.Example(question="q1", context=None, answer="a1", note="n1"),
    dspy.Example(question="q2", context="c2", answer="a2", note=None),
    dspy.Example(question="q3", context="c3", answer="a3", note="n3"),
]
write("parity-none-demos", note, "self", {"question": "q", "context": None})
print(f"wrote parity goldens to {out_dir}")
