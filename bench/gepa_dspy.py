"""Child process of gepa-bench.ts: one Python DSPy 3.4.1 GEPA run against the same fake server."""
import json
import resource
import sys
import time

import dspy

args = json.loads(sys.argv[1])
lm = dspy.LM("openai/fake", api_base=args["baseURL"], api_key="sk-bench", cache=False, num_retries=0)
dspy.configure(lm=lm)


def metric(gold, pred, trace=None, pred_name=None, pred_trace=None):
    if gold.answer == pred.answer:
        return 1.0
    return dspy.Prediction(
        score=0.0,
        feedback=f"Wrong: expected '{gold.answer}', which is '{gold.word}' with its letters in reverse order.",
    )


def examples(rows):
    return [dspy.Example(**r).with_inputs("word") for r in rows]


started = time.perf_counter()
gepa = dspy.GEPA(
    metric=metric,
    reflection_lm=lm,
    max_metric_calls=args["budget"],
    num_threads=args["threads"],
    seed=0,
    track_stats=True,
)
program = gepa.compile(dspy.Predict("word -> answer"), trainset=examples(args["train"]), valset=examples(args["val"]))
wall_ms = (time.perf_counter() - started) * 1000
r = program.detailed_results
print(
    json.dumps(
        {
            "wallMs": wall_ms,
            "metricCalls": r.total_metric_calls,
            "candidates": len(r.candidates),
            "bestScore": r.val_aggregate_scores[r.best_idx],
            "instruction": program.signature.instructions,
            "peakRssMb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
        }
    )
)
