"""Writes golden files from real Python DSPy (3.4.1) for dspy-ts's agent/module tests.

Each golden records what DSPy does for one scripted scenario: tool descriptions, the exact chat
messages of every LM call (DummyLM), trajectories and final outputs. dspy-ts runs the same
scenario with its DummyLM and must produce byte-identical messages.

Usage: .venv/bin/python scripts/dspy-goldens-modules.py packages/core/test/fixtures/modules
"""
import json
import sys
from pathlib import Path
from typing import Optional

import pydantic

import dspy
from dspy.clients.base_lm import GLOBAL_HISTORY
from dspy.predict.refine import OfferFeedback, inspect_modules
from dspy.utils.dummies import DummyLM

out_dir = Path(sys.argv[1])
out_dir.mkdir(parents=True, exist_ok=True)


def write(name, data):
    data = {"dspy_version": dspy.__version__, **data}
    (out_dir / f"{name}.golden.json").write_text(json.dumps(data, indent=2, ensure_ascii=False) + "\n")


def calls_since(start):
    return [entry["messages"] for entry in GLOBAL_HISTORY[start:]]


# ---------------------------------------------------------------- tools
class Person(pydantic.BaseModel):
    name: str
    age: Optional[int] = None


def search(query: str, k: int = 2) -> list[str]:
    """Search the knowledge base.
    Returns the top passages."""
    return [f"{query} result {i}" for i in range(k)]


def add(a: int, b: int) -> int:
    return a + b


def lookup(person: Person) -> dict:
    """Look up a person."""
    return {"name": person.name, "known": True, "age": person.age}


tools = [dspy.Tool(t) for t in (search, add, lookup)]
write(
    "tools",
    {
        "tools": {
            t.name: {"str": str(t), "args": t.args, "function": t.format_as_litellm_function_call()["function"]}
            for t in tools
        }
    },
)


# ---------------------------------------------------------------- ReAct, full run, per adapter
def react_run(adapter_cls):
    adapter = adapter_cls()
    answers = [
        {"next_thought": "I should search.", "next_tool_name": "search", "next_tool_args": {"query": "capital of France", "k": 1}},
        {"next_thought": "Add the numbers.", "next_tool_name": "add", "next_tool_args": {"a": 2, "b": 3}},
        {"next_thought": "Look Ada up.", "next_tool_name": "lookup", "next_tool_args": {"person": {"name": "Ada", "age": 36}}},
        {"next_thought": "I have everything.", "next_tool_name": "finish", "next_tool_args": {}},
        {"reasoning": "The search said Paris.", "answer": "Paris"},
    ]
    lm = DummyLM(answers, adapter=adapter)
    start = len(GLOBAL_HISTORY)
    with dspy.context(lm=lm, adapter=adapter):
        react = dspy.ReAct("question -> answer", tools=[search, add, lookup], max_iters=6)
        pred = react(question="What is the capital of France?")
    return {
        "adapter": adapter_cls.__name__,
        "instructions": react.react.signature.instructions,
        "calls": calls_since(start),
        "trajectory": pred.trajectory,
        "outputs": {k: v for k, v in pred.items() if k != "trajectory"},
    }


write("react-run", {"runs": [react_run(dspy.ChatAdapter), react_run(dspy.JSONAdapter)]})


# ---------------------------------------------------------------- ReAct over a class signature (format only)
class Research(dspy.Signature):
    """Answer questions using the tools.
    Cite what you used."""

    question: str = dspy.InputField(desc="the user's question")
    context: list[str] = dspy.InputField()
    answer: str = dspy.OutputField(desc="short answer")
    confidence: float = dspy.OutputField()


react = dspy.ReAct(Research, tools=[search])
inputs = {"question": "Who wrote Hamlet?", "context": ["a play", "by an English poet"]}
chat = dspy.ChatAdapter()
trajectory = {
    "thought_0": "Search.",
    "tool_name_0": "search",
    "tool_args_0": {"query": "Hamlet author"},
    "observation_0": ["Hamlet author result 0", "Hamlet author result 1"],
    "thought_1": "Try again.",
    "tool_name_1": "search",
    "tool_args_1": {"query": "Shakespeare"},
    "observation_1": "Execution error in search: boom",
    "thought_2": "Numbers.",
    "tool_name_2": "add",
    "tool_args_2": {"a": 1, "b": 2},
    "observation_2": 3,
    "thought_3": "Nothing.",
    "tool_name_3": "finish",
    "tool_args_3": {},
    "observation_3": None,
}
formatted = react._format_trajectory(trajectory)
write(
    "react-class-signature",
    {
        "inputs": inputs,
        "react_messages": chat.format(react.react.signature, [], {**inputs, "trajectory": ""}),
        "extract_messages": chat.format(react.extract.predict.signature, [], {**inputs, "trajectory": formatted}),
        "trajectory": trajectory,
        "formatted_trajectory": formatted,
        "react_state": react.react.dump_state(),
        "extract_state": react.extract.predict.dump_state(),
    },
)


# ---------------------------------------------------------------- MultiChainComparison
class BasicQA(dspy.Signature):
    """Answer questions with short factoid answers."""

    question = dspy.InputField()
    answer = dspy.OutputField(desc="often between 1 and 5 words")


completions = [
    dspy.Prediction(rationale="I recall that during clear days, the sky often appears this color.", answer="blue"),
    dspy.Prediction(reasoning="Based on common knowledge, I believe the sky is typically seen as this color.\nMore.", answer="green\nreally"),
    dspy.Prediction(rationale="  From images and depictions in media, the sky is frequently represented with this hue.", answer="blue"),
]
lm = DummyLM([{"rationale": "my rationale", "answer": "blue"}])
start = len(GLOBAL_HISTORY)
with dspy.context(lm=lm):
    mcc = dspy.MultiChainComparison(BasicQA)
    pred = mcc(completions, question="What is the color of the sky?")
write(
    "multi-chain-comparison",
    {
        "completions": [dict(c) for c in completions],
        "calls": calls_since(start),
        "outputs": dict(pred),
        "state": mcc.predict.dump_state(),
    },
)


# ---------------------------------------------------------------- Refine: feedback, hints, rollouts
class QA(dspy.Module):
    def __init__(self):
        super().__init__()
        self.rewrite = dspy.Predict("question -> query")
        self.answer = dspy.ChainOfThought("question, query -> answer")

    def forward(self, question):
        query = self.rewrite(question=question).query
        return self.answer(question=question, query=query)


lm = DummyLM(
    {
        "[[ ## hint_ ## ]]\nUse the query.": {"reasoning": "r2", "answer": "Brussels"},
        "[[ ## hint_ ## ]]\nN/A": {"query": "Belgium capital"},
        "[[ ## module_names ## ]]": {
            "discussion": "The answer was verbose.",
            "advice": {"answer.predict": "Use the query.", "rewrite": "N/A"},
        },
        "[[ ## query ## ]]\nBelgium capital": {"reasoning": "r1", "answer": "City of Brussels"},
        "[[ ## question ## ]]": {"query": "Belgium capital"},
    }
)
refine = dspy.Refine(module=QA(), N=3, reward_fn=lambda args, pred: 1.0 if pred.answer == "Brussels" else 0.0, threshold=1.0)
# Python and TypeScript sources differ: both sides use these stand-ins.
refine.module_code = "MODULE CODE"
refine.reward_fn_code = "REWARD CODE"
start = len(GLOBAL_HISTORY)
with dspy.context(lm=lm, trace=[]):
    pred = refine(question="What is the capital of Belgium?")
    trace_len = len(dspy.settings.trace)
write(
    "refine",
    {
        "inspect_modules": inspect_modules(QA()),
        "offer_feedback_system": dspy.ChatAdapter().format_system_message(OfferFeedback),
        "calls": calls_since(start),
        "outputs": dict(pred),
        "outer_trace_length": trace_len,
    },
)
print(f"wrote goldens to {out_dir}")
