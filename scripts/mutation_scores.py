"""After `mutmut run` (make mutate): the mutation score per module and per function, from mutants/**/*.meta.

Killed = the tests failed on the mutant (or it timed out / was caught by the type check). The score is
killed / (killed + survived); mutants no test reaches are counted apart ("no tests").
Prints a table and writes mutants/scores.json.
"""

from __future__ import annotations

import json
import sys
from collections import Counter, defaultdict
from pathlib import Path

KILLED = {1, 3, 36, 37, -24, 24, 152, 255}
SURVIVED = {0}
NO_TESTS = {5, 33}


def main(root: Path = Path("mutants")) -> int:
    per_module: dict[str, Counter[str]] = defaultdict(Counter)
    survivors: dict[str, list[str]] = defaultdict(list)
    for meta in sorted(root.rglob("*.py.meta")):
        module = str(meta.relative_to(root))[: -len(".meta")]
        for key, code in json.loads(meta.read_text(encoding="utf-8"))["exit_code_by_key"].items():
            kind = (
                "killed"
                if code in KILLED
                else "survived"
                if code in SURVIVED
                else "no tests"
                if code in NO_TESTS
                else "other"
            )
            per_module[module][kind] += 1
            if kind == "survived":
                survivors[module].append(key.rsplit(".", 1)[-1])
    if not per_module:
        print("no mutation results: run `mutmut run` first", file=sys.stderr)
        return 1
    print(f"{'module':58} {'killed':>6} {'surv.':>6} {'no test':>7} {'score':>6}")
    table = {}
    for module, counts in sorted(per_module.items()):
        judged = counts["killed"] + counts["survived"]
        score = counts["killed"] / judged if judged else None
        table[module] = {**counts, "score": None if score is None else round(score, 3), "survivors": survivors[module]}
        shown = "-" if score is None else f"{score:.0%}"
        print(f"{module:58} {counts['killed']:6} {counts['survived']:6} {counts['no tests']:7} {shown:>6}")
    (root / "scores.json").write_text(json.dumps(table, indent=2) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
