"""Writes dspy.ToolCalls golden files from real Python DSPy 3.4.1 for dspy-ts's ToolCalls tests.

Each golden holds the exact chat messages DSPy formats when a signature has a `dspy.ToolCalls`
output and a `dspy.History` input whose turns carry tool calls (with and without
`tool_call_results`). Adapters: ChatAdapter, XMLAdapter and JSONAdapter without native function calling, and
JSONAdapter (its default) and ChatAdapter with `use_native_function_calling=True`.

Usage: /work/venv-dspy/bin/python scripts/dspy-goldens-tool-calls.py packages/core/test/fixtures/dspy
"""
import json
import sys
from pathlib import Path

import dspy

out_dir = Path(sys.argv[1])
out_dir.mkdir(parents=True, exist_ok=True)

ADAPTERS = {
    "ChatAdapter": dspy.ChatAdapter(),
    "JSONAdapter": dspy.JSONAdapter(use_native_function_calling=False),
    "XMLAdapter": dspy.XMLAdapter(),
    # Native function calling: turns with tool calls become assistant `tool_calls` + `tool` messages.
    "JSONAdapter-native": dspy.JSONAdapter(),
    "ChatAdapter-native": dspy.ChatAdapter(use_native_function_calling=True),
}


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


class Agent(dspy.Signature):
    """Decide which tools to call."""

    history: dspy.History = dspy.InputField()
    question: str = dspy.InputField()
    tool_calls: dspy.ToolCalls = dspy.OutputField()


# 1. A ToolCalls output: past turns with tool calls (a plain dict, OpenAI-shaped calls, ids),
#    one with tool_call_results (a user turn of results follows), and a demo.
write(
    "tool-calls-history",
    Agent,
    [{"question": "Time in Tokyo?", "tool_calls": {"tool_calls": [{"name": "clock", "args": {"tz": "Asia/Tokyo"}}]}}],
    [
        {"question": "Weather in Paris?", "tool_calls": {"tool_calls": [{"name": "weather", "args": {"city": "Paris"}}]}},
        {
            "question": "And Rome and Oslo?",
            "tool_calls": {
                "tool_calls": [
                    {"id": "c1", "name": "weather", "args": {"city": "Rome"}},
                    {"id": "c2", "type": "function", "function": {"name": "weather", "arguments": "{\"city\": \"Oslo\"}"}},
                ],
                "tool_call_results": [
                    {"call_id": "c1", "name": "weather", "value": {"temp": 20, "sky": "sunny"}},
                    {"call_id": "c2", "name": "weather", "value": "no data", "is_error": True},
                ],
            },
        },
    ],
    {"question": "Which is warmer?"},
)


class Mixed(dspy.Signature):
    """Answer, calling tools when needed."""

    history: dspy.History = dspy.InputField()
    question: str = dspy.InputField()
    answer: str = dspy.OutputField(desc="the final answer, empty while tools are pending")
    next_calls: dspy.ToolCalls = dspy.OutputField()


# 2. ToolCalls beside a str output; results with and without call ids, an answered turn.
write(
    "tool-calls-mixed",
    Mixed,
    [],
    [
        {
            "question": "Population of Lyon?",
            "answer": "",
            "next_calls": {
                "tool_calls": [{"id": "s1", "name": "search", "args": {"query": "Lyon population", "limit": 3}}],
                "tool_call_results": [{"call_id": "s1", "name": "search", "value": ["522,000 (2020)"]}],
            },
        },
        # Results without call ids: the native form drops them (DSPy needs every id to match).
        {
            "question": "Weather in Nice?",
            "answer": "Checking.",
            "next_calls": {
                "tool_calls": [{"name": "weather", "args": {"city": "Nice"}}],
                "tool_call_results": [{"name": "weather", "value": 18}],
            },
        },
        {"question": "Thanks", "answer": "You're welcome.", "next_calls": {"tool_calls": []}},
    ],
    {"question": "And Marseille?"},
)
