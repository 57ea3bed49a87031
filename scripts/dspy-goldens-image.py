"""Writes Image golden files from real Python DSPy (3.4.1) for dspy-ts's compatibility tests.

Each golden holds the exact chat messages DSPy formats (per adapter) when a signature takes
`dspy.Image` inputs: the user turns come out as OpenAI content parts (text + image_url).
Images are given as a data URI and an https URL only: plain `dspy.Image(url=...)` never touches
the network or the filesystem, so nothing is downloaded.

Inputs are stored as {"field": {"image_url": "..."}} (or a list of those) so the TS test can
rebuild them with `Image.fromUrl`.

Usage: /tmp/dspy-venv/bin/python scripts/dspy-goldens-image.py packages/core/test/fixtures/dspy
"""
import json
import sys
from pathlib import Path

import dspy

out_dir = Path(sys.argv[1])
out_dir.mkdir(parents=True, exist_ok=True)

# A 1x1 transparent PNG and a remote JPEG reference (never fetched).
PNG_DATA_URI = (
    "data:image/png;base64,iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg=="
)
HTTPS_URL = "https://example.com/cat.jpg"


def to_dspy(value):
    if isinstance(value, list):
        return [to_dspy(v) for v in value]
    if isinstance(value, dict) and set(value) == {"image_url"}:
        return dspy.Image(url=value["image_url"])
    return value


def write(name, signature, demos, inputs):
    py_demos = [dspy.Example(**{k: to_dspy(v) for k, v in d.items()}) for d in demos]
    py_inputs = {k: to_dspy(v) for k, v in inputs.items()}
    golden = {
        "dspy_version": dspy.__version__,
        "demos": demos,
        "inputs": inputs,
        "messages": {
            "ChatAdapter": dspy.ChatAdapter().format(signature, py_demos, py_inputs),
            "JSONAdapter": dspy.JSONAdapter().format(signature, py_demos, py_inputs),
        },
    }
    (out_dir / f"{name}.golden.json").write_text(json.dumps(golden, indent=2, ensure_ascii=False) + "\n")


# 1. One image input next to a text input; a demo with a remote image, the request with a data URI.
class DescribeImage(dspy.Signature):
    """Answer the question about the image."""

    image: dspy.Image = dspy.InputField(desc="the photo")
    question: str = dspy.InputField()
    answer: str = dspy.OutputField()


write(
    "image-predict",
    DescribeImage,
    [{"image": {"image_url": HTTPS_URL}, "question": "What animal is this?", "answer": "A cat."}],
    {"image": {"image_url": PNG_DATA_URI}, "question": "What color is the pixel?"},
)


# 2. A list of images (DSPy JSON-encodes the marker strings a second time inside the list).
class CompareImages(dspy.Signature):
    images: list[dspy.Image] = dspy.InputField()
    same: bool = dspy.OutputField()


write(
    "image-list",
    CompareImages,
    [],
    {"images": [{"image_url": HTTPS_URL}, {"image_url": PNG_DATA_URI}]},
)
print(f"wrote image goldens to {out_dir}")
