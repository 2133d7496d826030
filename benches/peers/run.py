#!/usr/bin/env python3
"""The peer harness: `juspay-customer check` beside the tools a user would
pick instead, on the same generated records, in one run.

Usage: python3 benches/peers/run.py [RECORDS]     (default 300,000; from anywhere)

It builds the CLI, gen_records and the Rust peers (benches/peers/rust/,
release), makes RECORDS records as JSON lines and as CSV, and rewrites the CSV as
exports come (a UTF-8 BOM, CRLF line ends, an eleventh column `note` quoted
one row in three, with a comma and doubled quotes inside), runs each program
once to check that its valid and invalid counts equal the CLI's (it stops if
one differs), then prints one table per input:

- wall: the median of 7 runs, interleaved: each round runs every program
  once, in turn, so a change in the machine's load falls on all of them
  alike; CPU: user + system, the mean (the children's rusage);
- ratio: paired, the median over the rounds of the peer's wall over the
  wall of the CLI run it is set beside in the same round (above 1: the CLI
  is faster): a peer writing counts beside `check --no-verdicts`, a peer
  writing verdicts beside `check` writing them;
- peak RSS: `/usr/bin/time -f %M`, one run;
- instructions per record (native programs, when valgrind is installed):
  callgrind's total on the first 20,000 records minus its total on the
  first 10,000, over 10,000 (a quarter and a half of RECORDS below 40,000),
  so start-up does not count. The machine's load does not move it.

Like for like: no peer looks for a repeated object_reference_id, so the CLI
runs with `--allow-duplicates` beside them (its default run, duplicates
checked, has a row of its own); a peer that writes only counts is set beside
`check --no-verdicts`, and one that writes a verdict per record (the csv +
regex program's verdict twin, the Python baseline) beside `check` writing
its verdicts. Scaling: the CLI pinned to one core (`taskset -c 0`, so its
worker pool has one worker) against two, interleaved (15 rounds), with and
without verdicts.

The peers: the `jsonschema` crate with serde_json and the csv + regex
program, counting (csv_regex_peer) or streaming a verdict per row
(csv_regex_verdicts) (benches/peers/rust/), ajv with JSON.parse (benches/peers/ajv_peer.mjs,
ajv from openapi/generators/typescript's lockfile), polars
(benches/peers/polars_peer.py, in target/peers/venv from requirements.txt),
the Python json/csv + re baseline (benches/check_baseline.py), and the floor:
lines counted with memchr. Each of the first four reads the rules from the
committed JSON Schema.

Then the WebAssembly package's Node build beside ajv, per call
(benches/peers/wasm_node.mjs), the web build beside ajv inside Chromium
when it is installed (benches/peers/wasm_chromium.mjs), and, with valgrind, validate_typical's
contenders in instructions per call (benches/validate.rs run with
VALIDATE_CALLS=ID:N, 200,000 calls minus 100,000).

A benchmark, not a test: `.ci/run` runs it on 10,000 records to check that it
runs and that the peers agree.
"""

import csv
import json
import os
import re
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", ".."))
TARGET = os.path.join(ROOT, "target")
SCHEMA = os.path.join(ROOT, "openapi", "customer-request.schema.json")
COUNTS = re.compile(r"records: (\d+), valid: (\d+)")


def run(cmd, **kw):
    return subprocess.run(cmd, check=True, **kw)


def build():
    run(["cargo", "build", "--release", "-q", "--bin", "juspay-customer", "--example", "gen_records"], cwd=ROOT)
    env = {**os.environ, "CARGO_TARGET_DIR": os.path.join(TARGET, "peers")}
    run(["cargo", "build", "--release", "-q", "--locked", "--manifest-path",
         os.path.join(ROOT, "benches", "peers", "rust", "Cargo.toml")], cwd=ROOT, env=env)
    venv = os.path.join(TARGET, "peers", "venv")
    python = os.path.join(venv, "bin", "python")
    if not os.path.exists(python) or subprocess.run([python, "-c", "import polars"], capture_output=True).returncode:
        run([sys.executable, "-m", "venv", venv])
        run([python, "-m", "pip", "install", "-q", "-r", os.path.join(ROOT, "benches", "peers", "requirements.txt")])
    ts = os.path.join(ROOT, "openapi", "generators", "typescript")
    if not os.path.isdir(os.path.join(ts, "node_modules", "ajv")):
        run(["npm", "ci", "--no-audit", "--no-fund"], cwd=ts, stdout=subprocess.DEVNULL)
    return python


def head(src, dst, n, header):
    with open(src, "rb") as f, open(dst, "wb") as out:
        for i, line in enumerate(f):
            if i >= n + (1 if header else 0):
                break
            out.write(line)


def counts(cmd):
    """The counts line a program prints on stderr (the CLI exits 1 when a record is invalid)."""
    p = subprocess.run(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    if p.returncode not in (0, 1):
        sys.exit(f"{' '.join(cmd)} failed ({p.returncode}): {p.stderr[-2000:]}")
    m = COUNTS.search(p.stderr)
    return m.groups() if m else None


def timed(commands, runs=7):
    """Each command's median wall and mean CPU (user + system), by name, and
    each round's walls: `runs` rounds after one warm-up round, every command
    once a round, the order turned by one each round. Interleaved, so that
    the machine's load moves every command's runs alike."""
    rounds = []
    for r in range(runs + 1):
        walls = {}
        cpus = {}
        for i in range(len(commands)):
            name, argv = commands[(i + r) % len(commands)]
            before = resource.getrusage(resource.RUSAGE_CHILDREN)
            start = time.perf_counter()
            # The CLI exits 1 when a record is invalid.
            subprocess.run(argv, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
            walls[name] = time.perf_counter() - start
            after = resource.getrusage(resource.RUSAGE_CHILDREN)
            cpus[name] = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
        if r > 0:
            rounds.append((walls, cpus))
    summary = {name: (statistics.median(w[name] for w, _ in rounds),
                      statistics.mean(c[name] for _, c in rounds)) for name, _ in commands}
    return summary, [w for w, _ in rounds]


def paired(rounds, name, base):
    """The median over the rounds of `name`'s wall over `base`'s in the same round."""
    return statistics.median(w[name] / w[base] for w in rounds)


def export_shaped(src, dst):
    """The CSV `src` as exports come: a UTF-8 BOM, CRLF line ends, and an
    eleventh column `note` (not a field), quoted one row in three with a
    comma and doubled quotes inside."""
    with open(src, newline="", encoding="utf-8") as f, open(dst, "w", newline="", encoding="utf-8-sig") as out:
        w = csv.writer(out, lineterminator="\r\n")
        for i, row in enumerate(csv.reader(f)):
            w.writerow(row + ["note" if i == 0 else ('said "hi", twice' if i % 3 == 0 else "plain")])


def peak_mib(argv):
    with tempfile.NamedTemporaryFile() as log:
        subprocess.run(["/usr/bin/time", "-f", "%M", "-o", log.name, *argv],
                       stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        return int(open(log.name).read().split()[-1]) / 1024


def instructions(argv):
    p = subprocess.run(["valgrind", "--tool=callgrind", "--callgrind-out-file=/dev/null", *argv],
                       stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    m = re.search(r"Collected : (\d+)", p.stderr)
    if not m:
        sys.exit(f"callgrind gave no total for {argv}: {p.stderr[-1000:]}")
    return int(m.group(1))


def main():
    n = int(sys.argv[1]) if len(sys.argv) > 1 else 300_000
    small = min(10_000, n // 4)
    large = 2 * small
    python = build()
    cli = os.path.join(TARGET, "release", "juspay-customer")
    gen = os.path.join(TARGET, "release", "examples", "gen_records")
    peers = os.path.join(TARGET, "peers", "release")
    have_valgrind = shutil.which("valgrind") is not None
    work = tempfile.mkdtemp(prefix="juspay-peers-")
    try:
        files = {}
        for fmt, ext in (("json", "jsonl"), ("csv", "csv")):
            files[ext] = os.path.join(work, f"records.{ext}")
            with open(files[ext], "wb") as out:
                run([gen, "--format", fmt, str(n)], stdout=out)
        files["export.csv"] = os.path.join(work, "records.export.csv")
        export_shaped(files["csv"], files["export.csv"])
        for ext, path in files.items():
            for size in (small, large):
                head(path, path.replace(".csv", f".{size}.csv").replace(".jsonl", f".{size}.jsonl"),
                     size, ext != "jsonl")
        quiet = ["check", "-q", "--allow-duplicates"]
        # (name, argv, native, the CLI row it is set beside)
        counts_only = "juspay-customer check --no-verdicts"
        verdicts = "juspay-customer check (verdicts written)"
        cli_rows = [
            (counts_only, [cli, *quiet, "--no-verdicts", "{}"], True, None),
            (verdicts, [cli, *quiet, "{}"], True, None),
            ("juspay-customer check (verdicts written, duplicates checked: its default)",
             [cli, "check", "-q", "{}"], True, None),
        ]
        floor = ("floor: lines counted with memchr", [f"{peers}/line_split", "{}"], True, counts_only)
        csv_peers = [
            ("csv + regex crates", [f"{peers}/csv_regex_peer", SCHEMA, "{}"], True, counts_only),
            ("csv + regex crates (verdicts written)", [f"{peers}/csv_regex_verdicts", SCHEMA, "{}"], True, verdicts),
            ("polars (Python)", [python, f"{ROOT}/benches/peers/polars_peer.py", SCHEMA, "{}"], False, counts_only),
            ("Python csv + re (verdicts written)",
             [sys.executable, f"{ROOT}/benches/check_baseline.py", "--csv", "{}"], False, verdicts),
            floor,
        ]
        areas = {
            "jsonl": ("JSON lines", cli_rows + [
                ("jsonschema crate + serde_json", [f"{peers}/jsonschema_peer", SCHEMA, "{}"], True, counts_only),
                ("ajv + JSON.parse (Node)", ["node", f"{ROOT}/benches/peers/ajv_peer.mjs", SCHEMA, "{}"], False,
                 counts_only),
                ("Python json + re (verdicts written)", [sys.executable, f"{ROOT}/benches/check_baseline.py", "{}"],
                 False, verdicts),
                floor,
            ]),
            "csv": ("CSV as gen_records writes it (LF, no quotes)", cli_rows + csv_peers),
            "export.csv": ("CSV as exports come (BOM, CRLF, quoted cells, an extra column)", cli_rows + csv_peers),
        }
        print(f"# Peers, {n:,} records, one run (python3 benches/peers/run.py {n})\n")
        for ext, (title, programs) in areas.items():
            path = files[ext]
            argv = lambda p, f=path: [a.replace("{}", f) for a in p[1]]  # noqa: E731
            expected = counts(argv(programs[0]))
            for program in programs[1:]:
                if program[0].startswith("floor") or "duplicates checked" in program[0]:
                    continue
                got = counts(argv(program))
                if got != expected:
                    sys.exit(f"{program[0]} counts {got}, the CLI {expected} on {title}: they must agree")
            times, rounds = timed([(p[0], argv(p)) for p in programs])
            print(f"## {title}: {int(expected[0]):,} records, {int(expected[1]):,} valid "
                  f"({os.path.getsize(path) / 1e6:.0f} MB); every peer's counts equal the CLI's\n")
            print("| program | wall (median) | CPU | peer wall / CLI wall (paired) | peak RSS | instructions per record |")
            print("| --- | --- | --- | --- | --- | --- |")
            for name, template, native, base in programs:
                wall, cpu = times[name]
                instr = "n/a"
                if native and have_valgrind:
                    sized = lambda size: path.replace(".csv", f".{size}.csv").replace(".jsonl", f".{size}.jsonl")  # noqa: E731
                    few = instructions(argv((name, template), sized(small)))
                    more = instructions(argv((name, template), sized(large)))
                    instr = f"{(more - few) / (large - small):,.0f}"
                ratio = f"{paired(rounds, name, base):.2f}x beside {'--no-verdicts' if base == counts_only else 'verdicts'}" if base else ""
                print(f"| {name} | {wall:.3f} s | {cpu:.3f} s | {ratio} | {peak_mib(argv((name, template))):.1f} MiB | {instr} |")
            print()
        # Scaling: the worker pool on one core and on two, interleaved.
        print("## Scaling: `check --allow-duplicates`, one core against two (`taskset`, 15 interleaved rounds)\n")
        print("| input | verdicts | 1 core (wall) | 2 cores (wall) | speed-up (paired) |")
        print("| --- | --- | --- | --- | --- |")
        for ext, (title, _) in areas.items():
            for flags, label in (([ "--no-verdicts"], "no"), ([], "yes")):
                one = ["taskset", "-c", "0", cli, *quiet, *flags, files[ext]]
                two = ["taskset", "-c", "0,1", cli, *quiet, *flags, files[ext]]
                t, rounds = timed([("one", one), ("two", two)], runs=15)
                print(f"| {title} | {label} | {t['one'][0]:.3f} s | {t['two'][0]:.3f} s | "
                      f"{1 / paired(rounds, 'two', 'one'):.2f}x |")
        print()
        # The WebAssembly package's Node build beside ajv, per call.
        if not os.path.exists(os.path.join(ROOT, "wasm", "pkg", "node", "juspay_customer_wasm.js")):
            run(["bash", "wasm/build.sh"], cwd=ROOT, stdout=subprocess.DEVNULL)
        print("## WebAssembly, Node build, per call (benches/peers/wasm_node.mjs)\n")
        sys.stdout.flush()
        run(["node", os.path.join(ROOT, "benches", "peers", "wasm_node.mjs"), SCHEMA, files["jsonl"]])
        print()
        # The web build beside ajv inside Chromium, when Chromium is installed.
        if os.path.exists(os.environ.get("CHROMIUM", "/usr/bin/chromium")):
            print("## WebAssembly, web build in Chromium, per call (benches/peers/wasm_chromium.mjs)\n")
            sys.stdout.flush()
            run(["node", os.path.join(ROOT, "benches", "peers", "wasm_chromium.mjs"), SCHEMA, files["jsonl"]])
            print()
        if have_valgrind:
            validate_instructions(100_000 if n >= 100_000 else 10_000)
    finally:
        shutil.rmtree(work, ignore_errors=True)


def validate_instructions(calls):
    """validate_typical's contenders, instructions per call under callgrind:
    the bench binary with VALIDATE_CALLS=ID:N, 2 x CALLS calls minus CALLS
    (100,000; 10,000 for a run of fewer than 100,000 records)."""
    out = run(["cargo", "bench", "--bench", "validate", "--no-run", "--message-format=json"],
              cwd=ROOT, capture_output=True, text=True).stdout
    binary = next(json.loads(line)["executable"] for line in out.splitlines()
                  if '"executable":"' in line and json.loads(line).get("target", {}).get("name") == "validate")
    counts = {}
    for contender in ("juspay_customer", "regex_baseline", "garde", "validator", "byte_floor"):
        totals = []
        for k in (calls, 2 * calls):
            env = {**os.environ, "VALIDATE_CALLS": f"{contender}:{k}"}
            p = subprocess.run(["valgrind", "--tool=callgrind", "--callgrind-out-file=/dev/null", binary],
                               env=env, capture_output=True, text=True, check=True)
            totals.append(int(re.search(r"Collected : (\d+)", p.stderr).group(1)))
        counts[contender] = (totals[1] - totals[0]) / calls
    print("## validate_typical, instructions per call (callgrind; benches/validate.rs with VALIDATE_CALLS)\n")
    print("| contender | instructions per call | contender / juspay_customer |")
    print("| --- | --- | --- |")
    for contender, n in counts.items():
        print(f"| {contender} | {n:,.0f} | {n / counts['juspay_customer']:.2f}x |")


if __name__ == "__main__":
    main()
