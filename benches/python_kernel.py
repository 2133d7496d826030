"""validate_batch beside what a data engineer would write instead, on the
same 1,000,000 generated CSV records (`gen_records`): a pure-Python `re`
validator (a loop over the rows) and a Polars-expressions validator (the
rules as regex and length expressions). Rows per second, interleaved
rounds, the median; then the kernel's peak memory streaming 1,000,000 and
10,000,000 records from a CSV file in batches. Every peer's valid count is
printed beside the kernel's: the peers know the character and length rules
only (no positions, no messages, no normalization), so their counts are the
kernel's with `strict` off, on these records.

    target/pyvenv/bin/python benches/python_kernel.py target/debug/examples/gen_records [ROUNDS]
"""

import os
import re
import resource
import statistics
import subprocess
import sys
import tempfile
import time

import polars as pl
import pyarrow as pa
import pyarrow.csv as pacsv

import juspay_customer as jc

ID = re.compile(r"^.{8,255}$", re.S)
MOBILE = re.compile(r"^[0-9]{1,300}$")
CODE = re.compile(r"^[0-9]{1,64}$")
NAME = re.compile(r"^[A-Za-z0-9().\-_]{1,255}$")
EMAIL = re.compile(r"^(?=.{1,300}$)(?![._])[A-Za-z0-9!#$%&'*+\-/=?^_.{|}~`]+(?<![._])@(?![._])[A-Za-z0-9!#$%&'*+\-/=?^_.{|}~`]+(?<![._])$")
OPTION = {"true", "false"}


def pure_python(table):
    rows = table.to_pylist()
    valid = 0
    for r in rows:
        ok = (r["object_reference_id"] is not None and ID.match(r["object_reference_id"])
              and r["mobile_number"] is not None and MOBILE.match(r["mobile_number"])
              and (r["email_address"] is None or EMAIL.match(r["email_address"]))
              and (r["first_name"] is None or NAME.match(r["first_name"]))
              and (r["last_name"] is None or NAME.match(r["last_name"]))
              and (r["mobile_country_code"] is None or CODE.match(r["mobile_country_code"]))
              and (r["options.get_client_auth_token"] is None or r["options.get_client_auth_token"] in OPTION))
        valid += bool(ok)
    return valid


def polars_expressions(df):
    c = pl.col
    optional = lambda name, pattern: c(name).is_null() | c(name).str.contains(pattern)
    ok = (c("object_reference_id").is_not_null() & c("object_reference_id").str.len_chars().is_between(8, 255)
          & c("mobile_number").is_not_null() & c("mobile_number").str.contains(r"^[0-9]{1,300}$")
          & optional("email_address", r"^[A-Za-z0-9!#$%&'*+\-/=?^_.{|}~`]+@[A-Za-z0-9!#$%&'*+\-/=?^_.{|}~`]+$")
          & (c("email_address").is_null() | ~c("email_address").str.contains(r"(^[._]|[._]@|@[._]|[._]$)"))
          & optional("first_name", r"^[A-Za-z0-9().\-_]{1,255}$")
          & optional("last_name", r"^[A-Za-z0-9().\-_]{1,255}$")
          & optional("mobile_country_code", r"^[0-9]{1,64}$")
          & optional("options.get_client_auth_token", r"^(true|false)$"))
    return df.select(ok.alias("valid"))["valid"].sum()


def kernel(table):
    return sum(b.column(0).true_count for b in pa.RecordBatchReader.from_stream(jc.validate_batch(table)))


def read(path):
    header = open(path).readline().strip().split(",")
    return pacsv.read_csv(path, convert_options=pacsv.ConvertOptions(
        strings_can_be_null=True, column_types={h: pa.string() for h in header}))


def peak_streaming(gen, n):
    """The kernel over a CSV file read in batches, in a fresh process: peak RSS in MiB."""
    with tempfile.TemporaryDirectory() as d:
        path = os.path.join(d, "r.csv")
        with open(path, "wb") as f:
            subprocess.run([gen, "--format", "csv", str(n)], stdout=f, check=True)
        code = f"""
import resource, pyarrow as pa, pyarrow.csv as pacsv, juspay_customer as jc
header = open({path!r}).readline().strip().split(",")
reader = pacsv.open_csv({path!r}, convert_options=pacsv.ConvertOptions(strings_can_be_null=True, column_types={{h: pa.string() for h in header}}))
valid = sum(b.column(0).true_count for b in pa.RecordBatchReader.from_stream(jc.validate_batch(reader)))
print(valid, resource.getrusage(resource.RUSAGE_SELF).ru_maxrss // 1024)
"""
        out = subprocess.run([sys.executable, "-c", code], capture_output=True, check=True, text=True).stdout.split()
        return int(out[0]), int(out[1])


def main():
    gen = sys.argv[1]
    rounds = int(sys.argv[2]) if len(sys.argv) > 2 else 3
    with tempfile.TemporaryDirectory() as d:
        path = os.path.join(d, "r.csv")
        with open(path, "wb") as f:
            subprocess.run([gen, "--format", "csv", "1000000"], stdout=f, check=True)
        table = read(path)
    df = pl.from_arrow(table)
    peers = {"validate_batch": lambda: kernel(table), "Polars expressions": lambda: polars_expressions(df),
             "pure Python re": lambda: pure_python(table)}
    times = {name: [] for name in peers}
    counts = {}
    for _ in range(rounds):
        for name, run in peers.items():
            start = time.perf_counter()
            counts[name] = run()
            times[name].append(time.perf_counter() - start)
    load = os.getloadavg()[0]
    print(f"1,000,000 records, {rounds} interleaved rounds, load {load:.2f}, {os.cpu_count()} cores")
    for name in peers:
        median = statistics.median(times[name])
        print(f"{name}: {1_000_000 / median:,.0f} rows/s (median {median:.3f} s), valid {counts[name]:,}")
    for n in (1_000_000, 10_000_000):
        valid, mib = peak_streaming(gen, n)
        print(f"streaming {n:,} records from CSV: valid {valid:,}, peak RSS {mib} MiB")


if __name__ == "__main__":
    main()
