#!/usr/bin/env python3
"""Prints criterion's medians from target/criterion as the BENCHMARKS.md table.

Usage: python3 benches/summarize.py  (after `cargo bench --bench validate`)
"""
import json
import pathlib

root = pathlib.Path(__file__).resolve().parent.parent / "target" / "criterion"
groups = ["validate_typical", "validate_long", "validate_invalid", "codec", "parse_response"]
reference = {
    "validate_typical": "juspay_customer",
    "validate_long": "juspay_customer",
    "validate_invalid": "juspay_customer",
}


def fmt_ns(ns):
    return f"{ns / 1000:.2f} µs" if ns >= 1000 else f"{ns:.1f} ns"


print("| group | id | median | ratio to juspay_customer | throughput |")
print("| --- | --- | --- | --- | --- |")
for group in groups:
    gdir = root / group
    if not gdir.exists():
        continue
    rows = {}
    for est in sorted(gdir.glob("**/new/estimates.json")):
        bench = json.loads((est.parent / "benchmark.json").read_text())
        ident = bench["function_id"] + (f"/{bench['value_str']}" if bench.get("value_str") else "")
        median = json.loads(est.read_text())["median"]["point_estimate"]
        tp = bench.get("throughput") or {}
        rows[ident] = (median, tp.get("Bytes"))
    for ident, (median, nbytes) in rows.items():
        if group in reference:
            ref = rows[reference[group]][0]
        elif group == "parse_response":
            ref = rows["juspay_customer/" + ident.split("/")[-1]][0]
        else:
            ref = None
        ratio = f"{median / ref:.2f}x" if ref else ""
        thr = f"{nbytes / median:.2f} GB/s" if nbytes else ""
        print(f"| {group} | {ident} | {fmt_ns(median)} | {ratio} | {thr} |")
