"""Writes dspy.History golden files from real Python DSPy 3.4.1 for dspy-ts's History tests.

Each golden holds the exact chat messages DSPy formats, per adapter (ChatAdapter, JSONAdapter,
XMLAdapter), when a signature takes a `dspy.History` input: the history messages become
user/assistant turns between the demos and the current input.

Usage: /work/venv-dspy/bin/python scripts/dspy-goldens-history.py packages/core/test/fixtures/dspy
"""
import json
import sys
from pathlib import Path

import dspy

out_dir = Path(sys.argv[1])
out_dir.mkdir(parents=True, exist_ok=True)

ADAPTERS = {"ChatAdapter": dspy.ChatAdapter(), "JSONAdapter": dspy.JSONAdapter(), "XMLAdapter": dspy.XMLAdapter()}


def write(name, signature, demos, history, inputs):
    py_inputs = dict(inputs)
    if history is not None:
        py_inputs["history"] = dspy.History(messages=history)
    py_demos = [dspy.Example(**d) for d in demos]
    golden = {
        "dspy_version": dspy.__version__,
        "demos": demos,
        "history": history,
        "inputs": inputs,
        "messages": {name: a.format(signature, py_demos, py_inputs) for name, a in ADAPTERS.items()},
    }
    (out_dir / f"{name}.golden.json").write_text(json.dumps(golden, indent=2, ensure_ascii=False) + "\n")


# 1. The basic chat: complete turns, an output-only turn, an input-only turn, a key that is no field,
#    a None value; one demo (incomplete: it has no history).
class ChatTurn(dspy.Signature):
    """Answer questions in a conversation."""

    history: dspy.History = dspy.InputField()
    question: str = dspy.InputField(desc="the user's latest message")
    answer: str = dspy.OutputField()


write(
    "history-chat",
    ChatTurn,
    [{"question": "Is the sky blue?", "answer": "Yes."}],
    [
        {"question": "What is the capital of France?", "answer": "Paris"},
        {"answer": "Anything else?"},
        {"question": "Tell me a joke"},
        {"question": "And Germany?", "answer": "Berlin", "note": "not a field"},
        {"question": None, "answer": "None given"},
    ],
    {"question": "Which is larger?"},
)


# 2. Typed fields: a list input and int/float/list outputs in past turns.
class Typed(dspy.Signature):
    """Keep a running tally."""

    history: dspy.History = dspy.InputField()
    context: list[str] = dspy.InputField()
    question: str = dspy.InputField()
    answer: int = dspy.OutputField()
    confidence: float = dspy.OutputField(desc="between 0 and 1")
    tags: list[str] = dspy.OutputField()


write(
    "history-typed",
    Typed,
    [],
    [
        {"context": ["a", "b"], "question": "How many?", "answer": 2, "confidence": 0.5, "tags": ["count"]},
        {"context": [], "question": "And now?", "answer": 0, "confidence": 1.0, "tags": []},
    ],
    {"context": ["x", "y", "z"], "question": "Count them."},
)


# 3. A string signature (history after the question) and an empty history.
write("history-string", dspy.Signature("question, history: dspy.History -> answer"), [], [], {"question": "Hi"})


# 4. ChainOfThought: past turns without reasoning.
write(
    "history-cot",
    dspy.ChainOfThought(ChatTurn).predict.signature,
    [],
    [{"question": "2+2?", "answer": "4"}, {"question": "3+3?", "reasoning": "3 and 3 make 6.", "answer": "6"}],
    {"question": "4+4?"},
)
