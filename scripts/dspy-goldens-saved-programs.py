"""Writes prompt goldens for the 20 real DSPy program files in ../shared/dspy-saved-programs (never copied here).

For each file this rebuilds the program it was saved from (names, types and module kinds from the public
repository's code; see that folder's SOURCES.md), asks real Python DSPy 3.4.1 to `load()` it, and records the exact
messages ChatAdapter and JSONAdapter format for every predictor with the inputs below, or the error DSPy raised.
dspy-ts's packages/core/test/dspy-saved-programs.spec.ts loads the same files into the same programs and must format
byte-identical messages. A file DSPy's `load()` refuses only for lacking `metadata` (files written before DSPy
saved it) is applied with `load_state()` instead, which is what `load()` does after reading the metadata.

Usage: /work/venv-dspy/bin/python scripts/dspy-goldens-saved-programs.py \
         ../shared/dspy-saved-programs/files packages/core/test/fixtures/dspy-saved-programs
"""
import hashlib
import json
import sys
from pathlib import Path
from typing import Literal

import dspy

files_dir = Path(sys.argv[1])
out_dir = Path(sys.argv[2])
out_dir.mkdir(parents=True, exist_ok=True)

IMAGE_URL = "https://example.com/scan.jpg"
# Messages longer than this are stored as a SHA-256 (the base64 image demos of one file are 130 kB).
MAX_INLINE = 40_000


# ---- the programs, as their repositories define them -------------------------------------------------


def search_wikipedia(query: str) -> list[str]:
    """Returns top-5 results and then the titles of the top-5 to top-30 results."""
    return []


def lookup_wikipedia(title: str) -> str:
    """Returns the text of the Wikipedia page, if it exists."""
    return ""


def search(query: str) -> list[str]:
    """Retrieves abstracts from Wikipedia."""
    return []


class LibraryCardExtraction(dspy.Signature):
    """Extract bibliographic data from a library catalog card."""

    card_image: dspy.Image = dspy.InputField(desc="Scanned image of a library catalog card")
    document: str = dspy.OutputField()


class CorrectMalformedXml(dspy.Signature):
    """Correct structural malformations in an XML string from a historical book advertisement."""

    xml_string: str = dspy.InputField(desc="Malformed XML string from a historical book advertisement.")
    document: str = dspy.OutputField()


class Extractor(dspy.Module):
    def __init__(self, signature, cot):
        super().__init__()
        self.predict = dspy.ChainOfThought(signature) if cot else dspy.Predict(signature)


class CounterNarrativeSignature(dspy.Signature):
    hate_speech = dspy.InputField(desc="a string containing hateful or biased content")
    counter_narrative = dspy.OutputField(desc="a calm, empathetic, and factual response")


class CounterNarrative(dspy.Module):
    def __init__(self):
        super().__init__()
        self.generate = dspy.Predict(CounterNarrativeSignature)


class RAG(dspy.Module):
    def __init__(self):
        super().__init__()
        self.respond = dspy.ChainOfThought("context, question -> response")


class PIISignature(dspy.Signature):
    text: str = dspy.InputField(description="The text to clean")
    clean_text: str = dspy.OutputField(description="The cleaned text")


class PIIChain(dspy.Module):
    def __init__(self):
        super().__init__()
        self.chain = dspy.ChainOfThought(PIISignature)


class Categorize(dspy.Signature):
    """Classify historic events."""

    event: str = dspy.InputField()
    category: Literal[
        "Wars and Conflicts",
        "Politics and Governance",
        "Science and Innovation",
        "Cultural and Artistic Movements",
        "Exploration and Discovery",
        "Economic Events",
        "Social Movements",
        "Man-Made Disasters and Accidents",
        "Natural Disasters and Climate",
        "Sports and Entertainment",
        "Famous Personalities and Achievements",
    ] = dspy.OutputField()
    confidence: float = dspy.OutputField()


class PeopleExtraction(dspy.Signature):
    """
    Extract contiguous tokens referring to specific people, if any, from a list of string tokens.
    Output a list of tokens. In other words, do not combine multiple tokens into a single value.
    """

    tokens: list[str] = dspy.InputField(desc="tokenized text")
    extracted_people: list[str] = dspy.OutputField(
        desc="all tokens referring to specific people extracted from the tokenized text"
    )


class Hop(dspy.Module):
    def __init__(self):
        super().__init__()
        self.generate_query = dspy.ChainOfThought("claim, notes -> query")
        self.append_notes = dspy.ChainOfThought("claim, notes, context -> new_notes: list[str], titles: list[str]")


class AILanguageDetector(dspy.Signature):
    input_text: str = dspy.InputField(desc="text to be evaluated")
    result: int = dspy.OutputField(desc="0 for human 1 for AI")


class CreateOnePrompt(dspy.Signature):
    userQuery = dspy.InputField(desc="The user's request to be fulfilled.")
    createdPrompt = dspy.OutputField()


class InfoAggregator(dspy.Signature):
    userQuery = dspy.InputField(desc="The user's request to be fulfilled.")
    modelExampleResponses = dspy.InputField(desc="Information from a more powerful language model.")
    finalOutput = dspy.OutputField()


class Papillion(dspy.Module):
    def __init__(self):
        super().__init__()
        self.prompt_creater = dspy.ChainOfThought(CreateOnePrompt)
        self.info_aggregator = dspy.Predict(InfoAggregator)


class NetLogo(dspy.Signature):
    """Convert pseudocode to NetLogo code with verification."""

    pseudocode = dspy.InputField(desc="Natural language description of NetLogo behavior")
    netlogo_code = dspy.OutputField(desc="Syntactically correct NetLogo code that implements the desired pseudocode behavior")


class DungeonMaster(dspy.Signature):
    """Manage a text adventure game by responding to player actions and describing the game world."""

    player_action = dspy.InputField(desc="The action taken by the player")
    game_state = dspy.InputField(desc="The current state of the game world")
    dm_response = dspy.OutputField(desc="The response to the player's action.")
    updated_game_state = dspy.OutputField(desc="The updated state of the game world after the action")


class DungeonMasterPipeline(dspy.Module):
    def __init__(self):
        super().__init__()
        self.predictor = dspy.ChainOfThought(DungeonMaster)


class QuestionLabel(dspy.Signature):
    question = dspy.InputField(desc="要分類的輸入問題")
    answer = dspy.OutputField(desc="問題的分配類別或標籤")


class QuestionClassification(dspy.Module):
    def __init__(self):
        super().__init__()
        self.classifier = dspy.Predict(QuestionLabel)


class BasicMultiHop(dspy.Module):
    def __init__(self):
        super().__init__()
        self.retrieve = dspy.Retrieve(k=3)
        self.generate_query = [dspy.ChainOfThought("context, question -> search_query") for _ in range(2)]
        self.generate_answer = dspy.ChainOfThought("context, question -> answer")


class TypedCoTPredictor(dspy.Module):
    """DSPy 2.5's TypedChainOfThought kept its Predict (with `reasoning` in the signature) as `predictor`."""

    def __init__(self):
        super().__init__()
        self.predictor = dspy.Predict("question, context -> reasoning, answer")


PROGRAMS = {
    "stanfordnlp__dspy__saved_program": lambda: dspy.ReAct("question -> answer", tools=[search_wikipedia]),
    "stanfordnlp__dspy__basicmh_70b_MIPROv2_3_3": BasicMultiHop,
    "kintopp__dspy-rise-humbench__library_cards_mipro_optimized": lambda: Extractor(LibraryCardExtraction, False),
    "kintopp__dspy-rise-humbench__library_cards_mipro-cot_gemini-2.0-flash_optimized": lambda: Extractor(
        LibraryCardExtraction, True
    ),
    "kintopp__dspy-rise-humbench__book_advert_xml_mipro-cot_gemini-2.5-flash_optimized": lambda: Extractor(
        CorrectMalformedXml, True
    ),
    "BhanuHarshaY__dspy_cn__optimized_program": CounterNarrative,
    "HoneyOak__Optimising-LLMs__optimized_program": RAG,
    "knutole__dspy-demo__optimized_program": PIIChain,
    "can-gurkan__LEAR__optimized_program": lambda: dspy.ChainOfThought(NetLogo),
    "robjsliwa__adventures_in_dspy__compiled_program": DungeonMasterPipeline,
    "flsteven87__prompt_engineering__compiled_program": QuestionClassification,
    "aidando73__hello-dspy__optimized_classify_31_1b": lambda: dspy.Predict(Categorize),
    "aidando73__hello-dspy__optimized_extractor": lambda: dspy.ChainOfThought(PeopleExtraction),
    "aidando73__hello-dspy__optimized_multihop": Hop,
    "aidando73__hello-dspy__optimized_react": lambda: dspy.ReAct(
        "claim -> titles: list[str]", tools=[search_wikipedia, lookup_wikipedia]
    ),
    "aidando73__hello-dspy__optimized_papillion": Papillion,
    "eformat__dspy-tool-use__optimized_react": lambda: dspy.ReAct("question -> answer", tools=[search]),
    "noelo__dspy-experiments__optimized_react": lambda: dspy.ReAct("question -> answer", tools=[search]),
    "noelo__dspy-experiments__mipro-prompt": lambda: dspy.Predict(AILanguageDetector),
    "amanshresthaa__Thematic-AnalysisG__optimized_program": TypedCoTPredictor,
}

# One sample value per input field name; JSON-ready (an image is {"image_url": ...}).
SAMPLE = {
    "question": "Which studio produced That Darn Cat!?",
    "claim": "The Beatles once planned a film written by Joe Orton.",
    "notes": ["Joe Orton wrote Up Against It.", "It was never produced."],
    "context": ["Up Against It is a screenplay by Joe Orton.", "It was written for The Beatles in 1967."],
    "trajectory": "[[ ## thought_0 ## ]]\nI should search.\n\n[[ ## tool_name_0 ## ]]\nsearch\n\n[[ ## tool_args_0 ## ]]\n{\"query\": \"x\"}\n\n[[ ## observation_0 ## ]]\n[]",
    "card_image": {"image_url": IMAGE_URL},
    "xml_string": "<BIBL><TITLE>Faust</TITLE>",
    "hate_speech": "People like them ruin everything.",
    "text": "Pakken ble levert til Ola Nordmann i Storgata 1.",
    "event": "The first crewed Moon landing took place in July 1969.",
    "tokens": ["Italy", "recalled", "Marcello", "Cuttitta"],
    "input_text": "Please write an outline for a report on solar power.",
    "userQuery": "Help me write a cover letter for Jane Doe at ACME.",
    "modelExampleResponses": "Dear hiring manager, ...",
    "pseudocode": "Each turtle moves forward one step and turns right by a random angle.",
    "player_action": "open the door",
    "game_state": "A dark hallway with a locked door.",
}


def sample_inputs(signature):
    inputs = {}
    for name in signature.input_fields:
        value = SAMPLE[name]
        inputs[name] = value
    return inputs


def to_python(inputs):
    return {k: dspy.Image(url=v["image_url"]) if isinstance(v, dict) and "image_url" in v else v for k, v in inputs.items()}


def stored(messages):
    text = json.dumps(messages, ensure_ascii=False)
    if len(text) <= MAX_INLINE:
        return {"messages": messages}
    return {"messages_sha256": hashlib.sha256(text.encode()).hexdigest(), "messages_length": len(text)}


for name, build in PROGRAMS.items():
    path = files_dir / f"{name}.json"
    program = build()
    golden = {"file": f"{name}.json", "dspy_version": dspy.__version__}
    try:
        program.load(str(path))
        golden["loaded_by"] = "load"
    except KeyError as err:
        if err.args == ("metadata",):
            try:
                program.load_state(json.loads(path.read_text()))
                golden["loaded_by"] = "load_state (the file has no metadata)"
            except Exception as e:  # noqa: BLE001 - DSPy's refusal is the result
                golden["refused"] = f"{type(e).__name__}: {e}"
        else:
            golden["refused"] = f"KeyError: {err}"
    except Exception as e:  # noqa: BLE001
        golden["refused"] = f"{type(e).__name__}: {e}"
    if "refused" not in golden:
        golden["predictors"] = {}
        for pname, predictor in program.named_predictors():
            inputs = sample_inputs(predictor.signature)
            golden["predictors"][pname] = {
                "inputs": inputs,
                "instructions": predictor.signature.instructions,
                "demos": len(predictor.demos),
                "ChatAdapter": stored(dspy.ChatAdapter().format(predictor.signature, predictor.demos, to_python(inputs))),
                "JSONAdapter": stored(dspy.JSONAdapter().format(predictor.signature, predictor.demos, to_python(inputs))),
            }
    (out_dir / f"{name}.prompts.json").write_text(json.dumps(golden, indent=2, ensure_ascii=False) + "\n")
    print(name, golden.get("loaded_by") or golden["refused"][:100])
