"""Writes XMLAdapter and TwoStepAdapter golden files from real Python DSPy 3.4.1.

- xml-*.golden.json: the exact messages XMLAdapter formats (system, demos, request) for signatures with
  plain, typed and nested (list / dict / model) outputs, and how XMLAdapter.parse reads a set of replies
  (the parsed values as JSON, or "error" when DSPy raises).
- two-step-*.golden.json: TwoStepAdapter's first-stage messages (the main LM) and the extraction
  messages it sends to the extraction model (a ChatAdapter call of the extractor signature).

Usage: /work/venv-dspy/bin/python scripts/dspy-goldens-xml.py packages/core/test/fixtures/dspy
"""
import json
import sys
from pathlib import Path
from typing import Literal, Optional

import pydantic

import dspy

out_dir = Path(sys.argv[1])
out_dir.mkdir(parents=True, exist_ok=True)


def jsonable(v):
    if isinstance(v, pydantic.BaseModel):
        return v.model_dump()
    if isinstance(v, dict):
        return {k: jsonable(x) for k, x in v.items()}
    if isinstance(v, list):
        return [jsonable(x) for x in v]
    return v


def write(name, signature, demos, inputs, replies):
    adapter = dspy.XMLAdapter()
    parsed = []
    for reply in replies:
        try:
            parsed.append({"reply": reply, "parsed": jsonable(adapter.parse(signature, reply))})
        except Exception as e:  # noqa: BLE001
            parsed.append({"reply": reply, "error": type(e).__name__})
    golden = {
        "dspy_version": dspy.__version__,
        "demos": demos,
        "inputs": inputs,
        "messages": adapter.format(signature, [dspy.Example(**d) for d in demos], inputs),
        "parse": parsed,
    }
    (out_dir / f"{name}.golden.json").write_text(json.dumps(golden, indent=2, ensure_ascii=False) + "\n")


# 1. Plain string fields; a demo whose answer needs escaping; an incomplete demo.
class QA(dspy.Signature):
    """Answer the question briefly."""

    context: list[str] = dspy.InputField(desc="facts")
    question: str = dspy.InputField()
    answer: str = dspy.OutputField(desc="a short answer")


write(
    "xml-qa",
    QA,
    [
        {"context": ["a < b", "Tom & Jerry"], "question": "Who?", "answer": "Tom & Jerry </answer> <b>"},
        {"question": "Only a question", "answer": "x"},
    ],
    {"context": ["Paris is in France."], "question": "Where is Paris?"},
    [
        "<answer>France</answer>",
        "<answer>\n  In France.  \n</answer>",
        "Sure!\n<answer>France</answer>\nanything after",
        "<answer>Tom &amp; Jerry &lt;3</answer>",
        "<answer>Use <b>bold</b> text</answer>",
        "<answer>first</answer><answer>second</answer>",
        "<answer><![CDATA[a < b]]></answer>",
        "<answer>Tom & Jerry</answer>",
        "<answer>unclosed",
        "no tags at all",
        "<answer/>",
    ],
)


# 2. Typed scalar outputs.
class Typed(dspy.Signature):
    """Rate the review."""

    review: str = dspy.InputField()
    score: int = dspy.OutputField()
    confidence: float = dspy.OutputField(desc="between 0 and 1")
    positive: bool = dspy.OutputField()
    label: Literal["good", "bad", "mixed"] = dspy.OutputField()
    note: Optional[str] = dspy.OutputField()


write(
    "xml-typed",
    Typed,
    [{"review": "Great!", "score": 5, "confidence": 0.9, "positive": True, "label": "good", "note": None}],
    {"review": "Meh."},
    [
        "<score>3</score><confidence>0.5</confidence><positive>false</positive><label>mixed</label><note>ok</note>",
        "<score> 4 </score><confidence>1</confidence><positive>True</positive><label>bad</label><note />",
        "<score>three</score><confidence>0.5</confidence><positive>false</positive><label>mixed</label><note/>",
        "<score>3</score><confidence>0.5</confidence><positive>false</positive><label>awful</label><note/>",
        "<score>3</score><confidence>0.5</confidence><positive>false</positive><label>good</label>",
    ],
)


# 3. Nested XML: list[str], dict[str, list[int]], a model, a list of models, an optional model.
class Address(pydantic.BaseModel):
    city: str
    zip_code: str


class Person(pydantic.BaseModel):
    name: str
    age: int
    address: Address


class Item(pydantic.BaseModel):
    name: str
    score: float


class Nested(dspy.Signature):
    """Extract the structured data."""

    text: str = dspy.InputField()
    tags: list[str] = dspy.OutputField()
    counts: dict[str, list[int]] = dspy.OutputField()
    person: Person = dspy.OutputField()
    products: list[Item] = dspy.OutputField()
    maybe: Optional[Address] = dspy.OutputField()


write(
    "xml-nested",
    Nested,
    [
        {
            "text": "Ann, 30, lives in Paris",
            "tags": ["person", "city"],
            "counts": {"a": [1, 2], "postal code": [3], "b-c": []},
            "person": {"name": "Ann", "age": 30, "address": {"city": "Paris", "zip_code": "75001"}},
            "products": [{"name": "x", "score": 1.0}, {"name": "y", "score": 2.5}],
            "maybe": None,
        }
    ],
    {"text": "Bob, 41, Berlin"},
    [
        "<tags><item>a</item><item>b</item></tags><counts><x>1</x><x>2</x><y>3</y></counts>"
        "<person><name>Bob</name><age>41</age><address><city>Berlin</city><zip_code>10115</zip_code></address></person>"
        "<products><item><name>p</name><score>0.5</score></item></products><maybe />",
        '<tags>["a", "b"]</tags><counts><entry key="postal code"><item>3</item></entry></counts>'
        '<person>{"name": "Bob", "age": 41, "address": {"city": "B", "zip_code": "1"}}</person>'
        "<products /><maybe><city>Rome</city><zip_code>00100</zip_code></maybe>",
        "<tags>single</tags><counts /><person><name>Bob</name><age>x</age><address><city>B</city><zip_code>1</zip_code></address></person><products /><maybe />",
        "<tags /><tags2 /><counts><a>1</a></counts><person><name>B</name><age>1</age><address><city>B</city><zip_code>1</zip_code></address></person><products><name>q</name><score>1</score></products><maybe />",
    ],
)


# 4. TwoStepAdapter: the first stage (main LM, free-form) and the extraction call.
class Extract(dspy.Signature):
    """Answer the math question."""

    question: str = dspy.InputField()
    reasoning: str = dspy.OutputField()
    answer: int = dspy.OutputField()
    tags: list[str] = dspy.OutputField(desc="topics")


class _Recorder(dspy.BaseLM):
    def __init__(self, reply):
        super().__init__(model="recorder")
        self.reply = reply
        self.seen = []

    def forward(self, prompt=None, messages=None, **kwargs):
        from litellm import ModelResponse
        from litellm.types.utils import Choices, Message

        self.seen.append(messages)
        return ModelResponse(choices=[Choices(message=Message(content=self.reply))], model="recorder")


def write_two_step(name, signature, demos, inputs, main_reply, extraction_reply):
    extraction_lm = _Recorder(extraction_reply)
    main_lm = _Recorder(main_reply)
    adapter = dspy.TwoStepAdapter(extraction_model=extraction_lm)
    result = adapter(main_lm, {}, signature, [dspy.Example(**d) for d in demos], inputs)
    golden = {
        "dspy_version": dspy.__version__,
        "demos": demos,
        "inputs": inputs,
        "main_messages": main_lm.seen[0],
        "main_reply": main_reply,
        "extraction_messages": extraction_lm.seen[0],
        "extraction_reply": extraction_reply,
        "result": jsonable(result),
    }
    (out_dir / f"{name}.golden.json").write_text(json.dumps(golden, indent=2, ensure_ascii=False) + "\n")


write_two_step(
    "two-step-math",
    Extract,
    [{"question": "1+1?", "reasoning": "One and one.", "answer": 2, "tags": ["addition"]}],
    {"question": "What is 6 * 7?"},
    "Six times seven is 42. The answer is 42. Topics: multiplication, arithmetic.",
    "[[ ## reasoning ## ]]\nSix times seven.\n\n[[ ## answer ## ]]\n42\n\n[[ ## tags ## ]]\n[\"multiplication\", \"arithmetic\"]\n\n[[ ## completed ## ]]",
)
write_two_step(
    "two-step-qa",
    QA,
    [],
    {"context": ["Paris is in France."], "question": "Where is Paris?"},
    "Paris is in France.",
    "[[ ## answer ## ]]\nFrance\n\n[[ ## completed ## ]]",
)
