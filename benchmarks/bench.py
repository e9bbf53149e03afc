"""The book's performance benchmark: measures the build, the explorers, page weight and the
learner environment against the budgets in DESIGN.md ("Performance budgets").

Run it through ``benchmarks/run`` (no arguments). It works on a scratch copy of the working tree
in ``benchmarks/_work/book`` so that it never touches the repository's own ``_build`` and sees one
consistent snapshot while other people edit. Results go to ``benchmarks/results.json``; a table is
printed; the exit status is 1 when a budget is missed (named on stderr) and 2 when something could
not be measured (a failed build, a failed install).

The parts it measures live in their own modules: :mod:`builds` (the scratch copy, the clean and
no-op builds, per-page execution), :mod:`page_weight`, :mod:`explorer_timing` and
:mod:`learner_env`; :mod:`common` holds the paths, the budgets and the helpers they share. This
file runs them in order, judges the results against the budgets and prints the report.

See benchmarks/README.md for what each number means.
"""

from __future__ import annotations

import datetime as _dt
import json
import os
import shutil
import sys

from builds import book_env, build, execution_times, executed_from_log, make_copy, notebook_pages, toc_pages
from common import (BARE, BUDGETS, COPY, JB, LOGS, RESULTS, ROOT, WORK, BenchError, git_info, machine_info,
                    run_logged, say, tail)
from explorer_timing import run_explorers
from learner_env import learner_env
from page_weight import page_weights


def main() -> int:
    if not JB.exists():
        print(f"benchmark: {JB} not found: run the README's setup first (bash scripts/setup.sh)", file=sys.stderr)
        return 2
    WORK.mkdir(exist_ok=True)
    shutil.rmtree(LOGS, ignore_errors=True)
    LOGS.mkdir(parents=True)
    results: dict = {
        "timestamp": _dt.datetime.now(_dt.timezone.utc).isoformat(timespec="seconds"),
        "machine": machine_info(),
        "git": git_info(),
        "budgets": dict(BUDGETS),
    }
    results["nproc"] = results["machine"]["nproc"]
    results["python"] = results["machine"]["python"]
    try:
        measure(results)
    except BenchError as exc:
        results["status"] = "error"
        results["error"] = str(exc)
        RESULTS.write_text(json.dumps(results, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
        print(f"benchmark FAILED: {exc}", file=sys.stderr)
        return 2
    verdicts = judge(results)
    results["verdicts"] = verdicts
    missed = [k for k, v in verdicts.items() if v["verdict"] == "MISSED"]
    results["status"] = "missed" if missed else "ok"
    RESULTS.write_text(json.dumps(results, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    print_report(results)
    print(f"\nresults: {RESULTS.relative_to(ROOT)}; logs: {LOGS.relative_to(ROOT)}/")
    if missed:
        for key in missed:
            v = verdicts[key]
            print(f"benchmark: budget MISSED: {v['measure']}: {v['value']} (budget {v['budget']})", file=sys.stderr)
        return 1
    return 0


def measure(results: dict) -> None:
    say(f"copying the working tree to {COPY.relative_to(ROOT)}")
    make_copy()
    env = book_env(COPY / "src")
    pages = toc_pages(COPY)
    notebooks = notebook_pages(COPY, pages)

    # 1. clean build (empty cache), then a no-op rebuild
    shutil.rmtree(COPY / "_build", ignore_errors=True)
    say("clean build, every page executed (jupyter-book build -W -n --keep-going)")
    clean_s, clean_log = build(COPY, "clean-build.log", env)
    per_page = execution_times(COPY)
    from_log = executed_from_log(clean_log, COPY)
    source = "jupyter-cache record.data['execution_seconds']"
    if not per_page and from_log:  # (not expected: myst-nb's cache executor stores it)
        per_page, source = from_log, "myst-nb's 'Executed notebook in' log lines"
    results["clean_build_s"] = round(clean_s, 2)
    results["executed_pages"] = len(per_page)
    results["notebook_pages"] = len(notebooks)
    results["per_page_exec_s"] = {p: round(s, 2) for p, s in sorted(per_page.items(), key=lambda kv: -kv[1])}
    results["per_page_exec_source"] = source
    missing = sorted(set(notebooks) - set(per_page))
    if missing:
        raise BenchError(f"the clean build did not execute {missing} (no jupyter-cache record)")

    say("rebuild with nothing changed")
    noop_s, noop_log = build(COPY, "noop-rebuild.log", env)
    results["noop_rebuild_s"] = round(noop_s, 2)
    results["noop_executed_pages"] = len(executed_from_log(noop_log, COPY))

    # 6. build-time growth
    n = max(len(per_page), 1)
    exec_sum = sum(per_page.values())
    overhead = max(clean_s - exec_sum, 0.0)
    exec_rate = exec_sum / n
    build_rate = clean_s / n
    results["build_growth"] = {
        "clean_build_s_per_executed_page": round(build_rate, 2),
        "exec_s_per_executed_page": round(exec_rate, 2),
        "non_execution_overhead_s": round(overhead, 2),
        "pages_allowed_in_5_min_at_exec_rate": int((BUDGETS["clean_build_s"] - overhead) // exec_rate) if exec_rate else None,
        "pages_allowed_in_5_min_at_clean_build_rate": int(BUDGETS["clean_build_s"] // build_rate) if build_rate else None,
        "pages_allowed_in_5_min_if_each_page_takes_10_s": int((BUDGETS["clean_build_s"] - overhead) // BUDGETS["per_page_exec_s"]),
    }

    # 3. page weight
    say("page weight")
    weights = page_weights(COPY / "_build" / "html", pages)
    results["median_page_kb"] = weights["median_kb"]
    results["max_page_kb"] = weights["max_kb"]
    results["max_page"] = weights["max_page"]
    results["per_page_kb"] = weights["per_page"]
    results["shared_by_every_page_outside_static"] = weights["shared_by_every_page_outside_static"]

    # 4. the reference: a stock `jupyter-book create` book, same measure, same run
    say("reference: a stock `jupyter-book create` book")
    shutil.rmtree(BARE, ignore_errors=True)
    code, _, out = run_logged([str(JB), "create", str(BARE)], LOGS / "bare-create.log", cwd=WORK)
    if code != 0:
        raise BenchError(f"jupyter-book create failed:\n{tail(out)}")
    bare_s, _ = build(BARE, "bare-build.log", book_env(None))
    bare = page_weights(BARE / "_build" / "html", toc_pages(BARE))
    results["bare_template_page_kb"] = bare["median_kb"]
    results["bare_template_per_page_kb"] = {p: v["total_kb"] for p, v in bare["per_page"].items()}
    results["bare_template_clean_build_s"] = round(bare_s, 2)
    results["median_page_vs_bare_ratio"] = round(weights["median_kb"] / bare["median_kb"], 2) if bare["median_kb"] else None

    # 2. explorers (after the builds, so nothing else runs meanwhile)
    say("explorers: model and model + redraw")
    results.update(run_explorers(env))

    # 5. learner environment
    say("learner environment: fresh venv from binder/requirements.txt (and an empty venv)")
    results.update(learner_env())
    results["machine"]["loadavg_at_end"] = list(os.getloadavg())


def judge(r: dict) -> dict:
    slowest = max(r["per_page_exec_s"], key=r["per_page_exec_s"].get) if r["per_page_exec_s"] else None
    rows = {
        "clean_build_s": ("clean build, whole book (s)", r["clean_build_s"], BUDGETS["clean_build_s"]),
        "per_page_exec_s": (f"slowest page execution (s){f' [{slowest}]' if slowest else ''}",
                            r["per_page_exec_s"].get(slowest, 0.0) if slowest else 0.0, BUDGETS["per_page_exec_s"]),
        "noop_rebuild_s": ("no-op rebuild (s)", r["noop_rebuild_s"], BUDGETS["noop_rebuild_s"]),
        "explorer_model_ms_median": (f"explorer model, median (ms) [{r['explorer_model_ms_median']['worst_explorer']}]",
                                     r["explorer_model_ms_median"]["worst"], BUDGETS["explorer_model_ms_median"]),
        "explorer_update_ms_median": (f"explorer model + redraw, median (ms) [{r['explorer_update_ms_median']['worst_explorer']}]",
                                      r["explorer_update_ms_median"]["worst"], BUDGETS["explorer_update_ms_median"]),
        "explorer_update_vs_stock_ratio": (
            f"explorer update / stock figure update, same run [{r['explorer_update_vs_stock_ratio']['worst_explorer']}]",
            r["explorer_update_vs_stock_ratio"]["worst"], BUDGETS["explorer_update_vs_stock_ratio"]),
        "median_page_kb": ("median page weight (kB)", r["median_page_kb"], BUDGETS["median_page_kb"]),
        "max_page_kb": (f"largest page (kB) [{r['max_page']}]", r["max_page_kb"], BUDGETS["max_page_kb"]),
    }
    verdicts = {}
    for key, (label, value, budget) in rows.items():
        verdicts[key] = {"measure": label, "value": value, "budget": budget,
                         "verdict": "OK" if value <= budget else "MISSED"}
    verdicts["learner_env_mb"] = {"measure": "learner environment (MB)", "value": r["learner_env_mb"],
                                  "budget": "as small as it can be", "verdict": "REPORTED"}
    return verdicts


def print_report(r: dict) -> None:
    v = r["verdicts"]
    g = r["build_growth"]
    rows = [
        ("measure", "value", "budget", "verdict"),
        (v["clean_build_s"]["measure"], f"{r['clean_build_s']:.1f}", "<= 300", v["clean_build_s"]["verdict"]),
        (v["per_page_exec_s"]["measure"], f"{v['per_page_exec_s']['value']:.2f}", "<= 10", v["per_page_exec_s"]["verdict"]),
        ("executed pages (clean build)", f"{r['executed_pages']} of {r['notebook_pages']} notebook pages", "all", "OK"),
        ("clean build / executed page (s)", f"{g['clean_build_s_per_executed_page']:.1f}", "(info: incl. fixed overhead)", ""),
        (v["noop_rebuild_s"]["measure"], f"{r['noop_rebuild_s']:.1f} ({r['noop_executed_pages']} executed)", "<= 10",
         v["noop_rebuild_s"]["verdict"]),
        (v["explorer_model_ms_median"]["measure"], f"{v['explorer_model_ms_median']['value']:.3f}", "<= 20",
         v["explorer_model_ms_median"]["verdict"]),
        (v["explorer_update_ms_median"]["measure"], f"{v['explorer_update_ms_median']['value']:.1f}", "<= 150",
         v["explorer_update_ms_median"]["verdict"]),
        ("  reference: stock figure update (ms)", f"{r['reference_stock_figure_update_ms_median']:.1f}", "(reference)", ""),
        (v["explorer_update_vs_stock_ratio"]["measure"], f"{v['explorer_update_vs_stock_ratio']['value']:.2f}", "<= 2.5",
         v["explorer_update_vs_stock_ratio"]["verdict"]),
        (v["median_page_kb"]["measure"], f"{r['median_page_kb']:.1f}", "<= 300", v["median_page_kb"]["verdict"]),
        (v["max_page_kb"]["measure"], f"{r['max_page_kb']:.1f}", "<= 1000", v["max_page_kb"]["verdict"]),
        ("  reference: stock template page (kB)", f"{r['bare_template_page_kb']:.1f}",
         f"(ratio {r['median_page_vs_bare_ratio']})", ""),
        ("  reference: stock template clean build (s)", f"{r['bare_template_clean_build_s']:.1f}", "(reference)", ""),
        (v["learner_env_mb"]["measure"], f"{r['learner_env_mb']:.1f}", "as small as possible", "REPORTED"),
        ("  reference: empty venv (MB)", f"{r['empty_venv_mb']:.1f}", "(reference)", ""),
    ]
    widths = [max(len(str(row[i])) for row in rows) for i in range(4)]
    print()
    for i, row in enumerate(rows):
        print("  ".join(str(c).ljust(w) for c, w in zip(row, widths)).rstrip())
        if i == 0:
            print("  ".join("-" * w for w in widths))
    print(f"\nmachine: {r['nproc']} cores, Python {r['python']}, load average at start "
          f"{', '.join(f'{x:.2f}' for x in r['machine']['loadavg_at_start'])}")
    print("\nper-page execution (s): " + ", ".join(f"{p} {s:.2f}" for p, s in r["per_page_exec_s"].items()))
    print("per-page weight (kB): " + ", ".join(f"{p} {d['total_kb']:.0f}" for p, d in
                                               sorted(r["per_page_kb"].items(), key=lambda kv: -kv[1]["total_kb"])))
    print("explorers, median model / update (ms) / update ÷ stock: " + ", ".join(
        f"{n} {d['model_ms_median']:.3f} / {d['update_ms_median']:.1f} / {d['update_vs_stock_ratio']:.2f}"
        for n, d in r["explorer_details"].items()))
    print("largest learner packages (MB): " + ", ".join(f"{n} {s:.0f}" for n, s in r["largest_learner_packages_mb"].items()))
    n_more = 10
    print(f"\nbuild-time growth: {g['exec_s_per_executed_page']:.1f} s of execution per executed page "
          f"(sum of execution / {r['executed_pages']}), {g['clean_build_s_per_executed_page']:.1f} s of clean build "
          f"per executed page (clean build / {r['executed_pages']}, counting {g['non_execution_overhead_s']:.1f} s of "
          f"fixed Sphinx and setup overhead as if it grew with the pages).")
    print(f"  {n_more} more executed pages at this rate add ~{n_more * g['exec_s_per_executed_page']:.0f} s "
          f"(~{n_more * g['clean_build_s_per_executed_page']:.0f} s at the pessimistic whole-build rate).")
    print(f"  the 5-minute budget allows about {g['pages_allowed_in_5_min_at_exec_rate']} executed pages at the "
          f"current execution rate ({g['pages_allowed_in_5_min_at_clean_build_rate']} at the whole-build rate; "
          f"{g['pages_allowed_in_5_min_if_each_page_takes_10_s']} if every page used its full 10 s).")


if __name__ == "__main__":
    if sys.argv[1:]:
        print("usage: benchmarks/run   (no arguments)", file=sys.stderr)
        sys.exit(2)
    sys.exit(main())
