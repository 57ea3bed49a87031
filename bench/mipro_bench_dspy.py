"""Python DSPy 3.4.1 side of mipro-bench.ts: MIPROv2 light over HTTP; prints one JSON line."""
import json
import resource
import sys
import time

import dspy

base_url, data_path, threads = sys.argv[1], sys.argv[2], int(sys.argv[3])
data = json.load(open(data_path))
trainset = [dspy.Example(**r).with_inputs("word") for r in data["trainset"]]
valset = [dspy.Example(**r).with_inputs("word") for r in data["valset"]]
lm = dspy.LM("openai/fake", api_base=base_url, api_key="sk-fake", cache=False, num_retries=0)
dspy.configure(lm=lm)


def metric(gold, pred, trace=None):
    return gold.answer == pred.answer


started = time.perf_counter()
optimizer = dspy.MIPROv2(metric=metric, auto="light", num_threads=threads, verbose=False)
program = optimizer.compile(dspy.Predict("word -> answer"), trainset=trainset, valset=valset)
wall_ms = (time.perf_counter() - started) * 1000
print(json.dumps({
    "wallMs": wall_ms,
    "maxRssMb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
    "valScore": program.score,
    "instruction": program.signature.instructions,
}))
