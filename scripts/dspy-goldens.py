"""Writes golden files from real Python DSPy (3.4.1) for dspy-ts's compatibility tests.

Each golden holds a program's saved state (as `program.save()` writes it) and the exact chat
messages DSPy formats for one input, per adapter. dspy-ts loads the state into its equivalent
program and must format byte-identical messages.

Usage: python3 -m venv .venv && .venv/bin/pip install dspy==3.4.1
       .venv/bin/python scripts/dspy-goldens.py packages/core/test/fixtures/dspy
"""
import json
import sys
import tempfile
from pathlib import Path
from typing import Literal, Optional

import dspy

out_dir = Path(sys.argv[1])
out_dir.mkdir(parents=True, exist_ok=True)


def saved_state(program):
    with tempfile.TemporaryDirectory() as d:
        p = Path(d) / "program.json"
        program.save(str(p))
        return json.loads(p.read_text())


def messages(adapter, predictor, inputs):
    return adapter.format(predictor.signature, predictor.demos, inputs)


def write(name, program, predictor_name, inputs):
    predictor = dict(program.named_predictors())[predictor_name]
    golden = {
        "dspy_version": dspy.__version__,
        "state": saved_state(program),
        "predictor": predictor_name,
        "inputs": inputs,
        "messages": {
            "ChatAdapter": messages(dspy.ChatAdapter(), predictor, inputs),
            "JSONAdapter": messages(dspy.JSONAdapter(), predictor, inputs),
        },
    }
    (out_dir / f"{name}.golden.json").write_text(json.dumps(golden, indent=2, ensure_ascii=False) + "\n")


# 1. ChainOfThought compiled-looking state: new instructions, one bootstrapped and one labeled demo.
cot = dspy.ChainOfThought("question -> answer")
cot.predict.signature = cot.predict.signature.with_instructions("Answer with a single word.")
cot.predict.demos = [
    dspy.Example(question="What is 2+2?", reasoning="Adding 2 and 2 gives 4.", answer="4", augmented=True),
    dspy.Example(question="What is the capital of France?", answer="Paris"),
]
write("cot-compiled", cot, "predict", {"question": "What is the capital of Japan?"})


# 2. Typed class signature with descriptions, lists, numbers and a literal.
class Triage(dspy.Signature):
    """Triage a customer support ticket."""

    ticket: str = dspy.InputField(desc="the customer's message")
    history: list[str] = dspy.InputField(desc="earlier messages, oldest first")
    category: Literal["billing", "bug", "other"] = dspy.OutputField()
    priority: int = dspy.OutputField(desc="1 (low) to 5 (urgent)")
    confidence: float = dspy.OutputField()
    tags: list[str] = dspy.OutputField()
    escalate: bool = dspy.OutputField()


triage = dspy.Predict(Triage)
triage.demos = [
    dspy.Example(
        ticket="I was charged twice",
        history=["Hi", "My card shows two payments"],
        category="billing",
        priority=4,
        confidence=0.9,
        tags=["refund", "card"],
        escalate=False,
    )
]
write("typed-predict", triage, "self", {"ticket": "The app crashes on login", "history": ["It started today"]})


# 3. A two-predictor program (named predictors `rewrite` and `answer.predict`).
class QueryThenAnswer(dspy.Module):
    def __init__(self):
        super().__init__()
        self.rewrite = dspy.Predict("question -> query")
        self.answer = dspy.ChainOfThought("question, query -> answer")


qta = QueryThenAnswer()
qta.rewrite.demos = [dspy.Example(question="Where is Paris?", query="Paris location")]
write("two-predictors", qta, "answer.predict", {"question": "Who wrote Hamlet?", "query": "Hamlet author"})


# 4. Nested models, an enum, optional outputs with defaults, incomplete demos, a list into a str input.
import enum

import pydantic


class Citation(pydantic.BaseModel):
    source: str
    page: int


class Mood(enum.Enum):
    HAPPY = "happy"
    SAD = "sad"


class Research(dspy.Signature):
    """Answer from the passages and cite them."""

    passages: str = dspy.InputField(desc="numbered passages")
    question: str = dspy.InputField()
    answer: str = dspy.OutputField()
    citations: list[Citation] = dspy.OutputField(desc="where the answer comes from")
    mood: Mood = dspy.OutputField()
    note: Optional[str] = dspy.OutputField(default=None)  # `str | None` prints the same since DSPy 3.4.1 (parity-pep604)


research = dspy.Predict(Research)
research.demos = [
    dspy.Example(question="Who built it?", answer="Acme", citations=[{"source": "wiki", "page": 3}]),
    dspy.Example(
        passages="[1] Acme built the bridge.",
        question="Who built the bridge?",
        answer="Acme",
        citations=[{"source": "wiki", "page": 1}],
        mood="happy",
        note="easy",
    ),
]
write(
    "nested-enum-optional",
    research,
    "self",
    {"passages": ["The tower is 300 m tall.", "It was finished in 1889.\nIt is in Paris."], "question": "How tall is it?"},
)


# 5. ChainOfThought over a class signature with a dict output and a bool input.
class Extract(dspy.Signature):
    text: str = dspy.InputField()
    strict: bool = dspy.InputField()
    dimensions: dict[str, float] = dspy.OutputField()


write("cot-dict-output", dspy.ChainOfThought(Extract), "predict", {"text": "width 3.5, height 2", "strict": True})
print(f"wrote goldens to {out_dir}")
