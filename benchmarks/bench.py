#!/usr/bin/env python3
"""Gantry vs Terraform, side by side in one run (issue 11, DESIGN.md §10).

Both tools get the same graph: a tree with fan-out 10 where every resource references its
parent, so the DAG is real. Terraform uses its built-in `terraform_data` resource (no
provider download); Gantry uses the embedded sim provider's `sim_data` resource through the
real `gantry` CLI binary. Each command runs in its own process; wall time comes from a
monotonic clock and peak RSS from wait4() of that process.

Usage: bench.py --gantry PATH --terraform-cli PATH [--sizes 500,1000,2000,4000,8000] [--repeats 5]
       [--skip-terraform] [--out DIR]
"""
import argparse
import json
import os
import platform
import shutil
import subprocess
import sys
import time
from pathlib import Path

TERRAFORM_BUDGET_SECONDS = 180.0


def run(cmd, cwd, env=None):
    """Runs cmd, returns (seconds, peak_rss_mb, exit_code, output)."""
    start = time.monotonic()
    proc = subprocess.Popen(cmd, cwd=cwd, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
    out = proc.stdout.read()
    _, status, usage = os.wait4(proc.pid, 0)
    seconds = time.monotonic() - start
    proc.returncode = os.waitstatus_to_exitcode(status)
    return seconds, usage.ru_maxrss / 1024.0, proc.returncode, out.decode(errors="replace")


def parent_of(i, fanout):
    return (i - 1) // fanout if i > 0 else None


# MARK: graph generators

def terraform_tree(directory, n, fanout, latency_ms=0):
    lines = []
    for i in range(n):
        p = parent_of(i, fanout)
        value = '"root"' if p is None else f"terraform_data.r{p}.id"
        body = f"  input = {value}\n"
        if latency_ms:
            # A provisioner is Terraform's only built-in way to make a create take time.
            body += f'  provisioner "local-exec" {{\n    command = "sleep {latency_ms / 1000:.3f}"\n  }}\n'
        lines.append(f'resource "terraform_data" "r{i}" {{\n{body}}}\n')
    (directory / "main.tf").write_text("".join(lines))


def gantry_tree(directory, n, fanout, latency_ms=0):
    lines = ["gantry: 1", "project: bench", "providers:", f"  sim: {{ latency_ms: {latency_ms} }}", "resources:"]
    for i in range(n):
        p = parent_of(i, fanout)
        value = "root" if p is None else f'"${{resources.r{p}.id}}"'
        lines.append(f"  r{i}: {{ type: sim_data, properties: {{ input: {value} }} }}")
    (directory / "spec.yaml").write_text("\n".join(lines) + "\n")


def levels_tree(n_levels_sizes):
    """Parents for a layered graph: each node of level k references a node of level k-1."""
    parents, offset = [], 0
    for level, size in enumerate(n_levels_sizes):
        for j in range(size):
            parents.append(None if level == 0 else offset - n_levels_sizes[level - 1] + j % n_levels_sizes[level - 1])
        offset += size
    return parents


def write_layered(directory, tool, sizes, latency_ms):
    parents = levels_tree(sizes)
    if tool == "terraform":
        out = []
        for i, p in enumerate(parents):
            value = '"root"' if p is None else f"terraform_data.r{p}.id"
            out.append(f'resource "terraform_data" "r{i}" {{\n  input = {value}\n'
                       f'  provisioner "local-exec" {{\n    command = "sleep {latency_ms / 1000:.3f}"\n  }}\n}}\n')
        (directory / "main.tf").write_text("".join(out))
    else:
        lines = ["gantry: 1", "project: bench", "providers:",
                 f"  sim: {{ latency_ms: {latency_ms} }}", "resources:"]
        for i, p in enumerate(parents):
            value = "root" if p is None else f'"${{resources.r{p}.id}}"'
            lines.append(f"  r{i}: {{ type: sim_data, properties: {{ input: {value} }} }}")
        (directory / "spec.yaml").write_text("\n".join(lines) + "\n")


def gantry_items(directory, n):
    """n node pools and storage items for `validate` (issue 3's 10,000-item target)."""
    lines = ["gantry: 1", "project: bench", "providers:", "  sim: {}", "networks:",
             "  net: { regions: [us-east-1], cidr: 10.0.0.0/16 }", "node_pools:"]
    pools = n // 2
    for i in range(pools):
        lines.append(f"  p{i}: {{ network: net, gpu: {{ model: L4, count: 1 }}, nodes: {{ min: 0, max: 4, desired: 1 }} }}")
    lines.append("storage:")
    for i in range(n - pools):
        lines.append(f"  s{i}: {{ region: us-east-1, tier: cold, filesystem: object, size: 1TiB, attach: [p{i % pools}] }}")
    (directory / "spec.yaml").write_text("\n".join(lines) + "\n")


# MARK: tools

class Terraform:
    def __init__(self, python, cli):
        self.cmd = [python, cli]

    def apply(self, d):
        s, rss, rc, out = run(self.cmd + ["init", "-input=false", "-no-color"], d)
        if rc != 0:
            raise RuntimeError(f"terraform init failed:\n{out[-2000:]}")
        return run(self.cmd + ["apply", "-auto-approve", "-input=false", "-no-color"], d)

    def plan(self, d):
        return run(self.cmd + ["plan", "-input=false", "-no-color", "-detailed-exitcode"], d)


class Gantry:
    def __init__(self, binary, in_process=False):
        self.binary = binary
        # GANTRY_IN_PROCESS_PROVIDERS=1 runs the sim inside the gantry process: the baseline
        # the plugin boundary is measured against (issue 5).
        self.env = dict(os.environ, GANTRY_IN_PROCESS_PROVIDERS="1") if in_process else None

    def apply(self, d, parallelism=None):
        extra = ["--parallelism", str(parallelism)] if parallelism else []
        return run([self.binary, "apply", str(d), "--auto-approve", "--no-color"] + extra, d, self.env)

    def plan(self, d, trace=None):
        extra = ["--trace", str(trace)] if trace else []
        return run([self.binary, "plan", str(d), "--detailed-exitcode", "--no-color"] + extra, d, self.env)

    def validate(self, d):
        return run([self.binary, "validate", str(d)], d)


def fresh(root, name):
    d = root / name
    shutil.rmtree(d, ignore_errors=True)
    d.mkdir(parents=True)
    return d


def check(result, what, ok=(0,)):
    seconds, rss, rc, out = result
    if rc not in ok:
        raise RuntimeError(f"{what} exited {rc}:\n{out[-3000:]}")
    return seconds, rss


def median_of(repeats, measure):
    """Runs `measure` (which returns (seconds, rss)) `repeats` times and returns the median
    run as (seconds, rss, every run's seconds sorted): single runs on a shared VM move by
    ±20-30 %, so one run says little about a sub-second figure."""
    runs = sorted((measure() for _ in range(repeats)), key=lambda r: r[0])
    seconds, rss = runs[len(runs) // 2]
    return seconds, rss, [round(r[0], 4) for r in runs]


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--gantry", required=True)
    ap.add_argument("--terraform-cli", required=True, help="path to terraform_cli.py")
    ap.add_argument("--python", default=sys.executable)
    ap.add_argument("--sizes", default="500,1000,2000,4000,8000")
    ap.add_argument("--repeats", type=int, default=5, help="Gantry runs per figure; the median is reported")
    ap.add_argument("--skip-terraform", action="store_true", help="Gantry only (a quick check of its figures)")
    ap.add_argument("--out", default=str(Path(__file__).parent / "results"))
    ap.add_argument("--work", default=str(Path(__file__).parent / ".work" / "graphs"))
    args = ap.parse_args()

    tf, ga = Terraform(args.python, args.terraform_cli), Gantry(args.gantry)
    ga_local = Gantry(args.gantry, in_process=True)
    work, out = Path(args.work), Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    rows, scaling = [], []
    sizes = [int(s) for s in args.sizes.split(",")]
    repeats = max(1, args.repeats)

    def gantry_apply(name, n, gantry=ga):
        def once():
            gd = fresh(work, name)
            gantry_tree(gd, n, 10)
            return check(gantry.apply(gd), f"gantry apply n={n} ({name})")
        return median_of(repeats, once)

    # 1. Apply a fan-out-10 tree, zero latency, at each size.
    tf_last = None
    for n in sizes:
        g = gantry_apply(f"gantry-apply-{n}", n)
        t = None
        # Terraform runs up to the first size that takes it over three minutes, and skips a
        # size whose quadratic projection from the last one is over ten.
        projected = None if tf_last is None else tf_last[1] * (n / tf_last[0]) ** 2
        if not args.skip_terraform and (tf_last is None or (tf_last[1] < TERRAFORM_BUDGET_SECONDS and projected < 600)):
            td = fresh(work, f"terraform-apply-{n}")
            terraform_tree(td, n, 10)
            t = check(tf.apply(td), f"terraform apply n={n}")
            tf_last = (n, t[0])
        scaling.append({"n": n, "gantry_s": g[0], "gantry_rss_mb": g[1], "gantry_runs_s": g[2],
                        "terraform_s": t[0] if t else None, "terraform_rss_mb": t[1] if t else None})
        rows.append({"workload": f"apply {n}, fan-out 10, zero latency", "gantry": g, "terraform": t,
                     "target": "< 2 s, < 100 MB, >= 50x" if n == 2000 else ""})
        print(f"apply n={n}: gantry {g[0]:.2f}s {g[1]:.0f}MB (runs {g[2]})" +
              (f" | terraform {t[0]:.2f}s {t[1]:.0f}MB" if t else " | terraform skipped"), flush=True)

    # 1b. The plugin boundary (issue 5): apply 2,000 through the plugin and with the sim in
    # process, alternating the two so both see the same minutes of this VM (its speed drifts
    # by more than the difference being measured).
    boundary = []
    if 2000 in sizes:
        def one_apply(gantry, name):
            gd = fresh(work, name)
            gantry_tree(gd, 2000, 10)
            return check(gantry.apply(gd), f"gantry apply n=2000 ({name})")
        pairs = [(one_apply(ga, "gantry-boundary-plugin"), one_apply(ga_local, "gantry-boundary-in-process"))
                 for _ in range(repeats)]
        via_plugin = sorted(p[0] for p, _ in pairs)
        local = sorted(l[0] for _, l in pairs)
        plugin_s, local_s = via_plugin[len(pairs) // 2], local[len(pairs) // 2]
        boundary.append({"workload": "apply 2000 through the plugin / in process (runs alternating)",
                         "plugin_s": plugin_s, "in_process_s": local_s, "ratio": plugin_s / local_s,
                         "target": "<= 1.5x", "plugin_runs_s": [round(x, 4) for x in via_plugin],
                         "in_process_runs_s": [round(x, 4) for x in local]})
        print(f"apply n=2000: plugin {plugin_s:.3f}s, in process {local_s:.3f}s "
              f"(runs {[round(x, 3) for x in via_plugin]} / {[round(x, 3) for x in local]})", flush=True)

    # 2. No-op plan with 10,000 resources in state (after one apply; the first plan also
    # finishes the sim's own bookkeeping of that apply, so it counts as one of the runs).
    gd = fresh(work, "gantry-noop-10000")
    gantry_tree(gd, 10000, 10)
    check(ga.apply(gd), "gantry apply n=10000")
    read_spans = {"plugin": [], "local": []}

    def noop_plan(gantry, key):
        trace = gd / f"trace-{key}.json"
        result = check(gantry.plan(gd, trace=trace), f"gantry no-op plan n=10000 ({key})")
        # The batched refresh `read` of all 10,000 resources, from the plan's own trace spans.
        read_spans[key].append(span_seconds(trace, "provider.read"))
        return result
    g = median_of(repeats, lambda: noop_plan(ga, "plugin"))
    median_of(repeats, lambda: noop_plan(ga_local, "local"))
    read_plugin, read_local = (sorted(v)[len(v) // 2] for v in (read_spans["plugin"], read_spans["local"]))
    boundary.append({"workload": "10,000 no-op reads (batched read calls, 2,500 each)", "plugin_s": read_plugin,
                     "in_process_s": read_local, "ratio": read_plugin / read_local if read_local else None,
                     "target": "< 0.3 s through the plugin"})
    t = None
    if tf_last is not None:
        n_tf = tf_last[0]
        t_plan = check(tf.plan(work / f"terraform-apply-{n_tf}"), f"terraform plan n={n_tf}")
        t = t_plan
        rows.append({"workload": f"no-op plan, {n_tf} in state (Terraform's largest)", "gantry": None,
                     "terraform": t_plan, "target": ""})
    rows.append({"workload": "no-op plan, 10,000 in state", "gantry": g, "terraform": None, "target": "< 1 s"})
    print(f"no-op plan 10000: gantry {g[0]:.2f}s {g[1]:.0f}MB (runs {g[2]})", flush=True)

    # 3. 200 resources in 3 levels, 200 ms per API call.
    level_sizes = [10, 60, 130]

    def latency_apply():
        gd = fresh(work, "gantry-latency-200")
        write_layered(gd, "gantry", level_sizes, 200)
        return check(ga.apply(gd, parallelism=200), "gantry latency apply")
    g = median_of(repeats, latency_apply)
    t = None
    if not args.skip_terraform:
        td = fresh(work, "terraform-latency-200")
        write_layered(td, "terraform", level_sizes, 200)
        t = check(tf.apply(td), "terraform latency apply")
    rows.append({"workload": "apply 200 in 3 levels, 200 ms per call (critical path 0.6 s)", "gantry": g,
                 "terraform": t, "target": "<= 0.72 s (1.2 x critical path)"})
    print(f"latency 200: gantry {g[0]:.2f}s (runs {g[2]})" + (f" | terraform {t[0]:.2f}s" if t else ""), flush=True)

    # 4. Validate 10,000 spec items.
    gd = fresh(work, "gantry-validate-10000")
    gantry_items(gd, 10000)
    g = median_of(repeats, lambda: check(ga.validate(gd), "gantry validate 10000"))
    rows.append({"workload": "validate 10,000 spec items", "gantry": g, "terraform": None, "target": "< 1 s"})
    print(f"validate 10000: gantry {g[0]:.2f}s {g[1]:.0f}MB (runs {g[2]})", flush=True)

    report(rows, scaling, out, boundary, repeats)


def span_seconds(trace, name):
    """Wall time covered by the spans called `name` in a `gantry --trace` file (OTLP JSON),
    from the first start to the last end (large reads run as a few concurrent batches)."""
    spans = []
    def walk(o):
        if isinstance(o, dict):
            if o.get("name") == name and "startTimeUnixNano" in o:
                spans.append((int(o["startTimeUnixNano"]), int(o["endTimeUnixNano"])))
            for v in o.values():
                walk(v)
        elif isinstance(o, list):
            for v in o:
                walk(v)
    walk(json.loads(Path(trace).read_text()))
    return (max(e for _, e in spans) - min(s for s, _ in spans)) / 1e9 if spans else 0.0


def fmt(x):
    return "—" if x is None else f"{x[0]:.2f} s / {x[1]:.0f} MB"


def report(rows, scaling, out, boundary=(), repeats=1):
    machine = f"{platform.machine()}, {os.cpu_count()} cores, {platform.platform()}"
    lines = [f"Run {time.strftime('%Y-%m-%d %H:%M UTC', time.gmtime())} on {machine}; "
             f"Gantry figures are the median of {repeats} runs (every run is in results.json), "
             "Terraform's are single runs", "",
             "| workload | Terraform (time / peak RSS) | Gantry (time / peak RSS) | ratio (TF / Gantry) | target |",
             "|---|---|---|---|---|"]
    for r in rows:
        ratio = (f"{r['terraform'][0] / r['gantry'][0]:.1f}x"
                 if r["terraform"] and r["gantry"] and r["gantry"][0] > 0 else "—")
        lines.append(f"| {r['workload']} | {fmt(r['terraform'])} | {fmt(r['gantry'])} | {ratio} | {r['target']} |")
    if boundary:
        lines += ["", "| plugin boundary (sim through `gantry-provider-sim` / in process) | through the plugin | in process | ratio | target |",
                  "|---|---|---|---|---|"]
        for b in boundary:
            ratio = f"{b['ratio']:.2f}x" if b["ratio"] else "—"
            lines.append(f"| {b['workload']} | {b['plugin_s']:.3f} s | {b['in_process_s']:.3f} s | {ratio} | {b['target']} |")
    table = "\n".join(lines)
    print("\n" + table)
    (out / "results.md").write_text(table + "\n")
    (out / "results.json").write_text(json.dumps({"machine": machine, "repeats": repeats, "rows": rows,
                                                  "scaling": scaling,
                                                      "plugin_boundary": list(boundary)}, indent=2))
    try:
        import matplotlib
        matplotlib.use("Agg")
        import matplotlib.pyplot as plt
        fig, ax = plt.subplots(figsize=(7, 4.5))
        ns = [s["n"] for s in scaling]
        ax.plot(ns, [s["gantry_s"] for s in scaling], "o-", label="Gantry (sim_data)")
        tf = [(s["n"], s["terraform_s"]) for s in scaling if s["terraform_s"] is not None]
        if tf:
            ax.plot([a for a, _ in tf], [b for _, b in tf], "s-", label="Terraform (terraform_data)")
        ax.set_xlabel("resources (tree, fan-out 10)")
        ax.set_ylabel("apply wall time (s)")
        ax.set_yscale("log")
        ax.grid(True, which="both", alpha=0.3)
        ax.legend()
        ax.set_title("Apply time against resource count")
        fig.tight_layout()
        fig.savefig(out / "apply-scaling.png", dpi=110)
    except ImportError:
        print("matplotlib not installed: no plot", file=sys.stderr)


if __name__ == "__main__":
    main()
