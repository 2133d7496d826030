"""The shop export from a new user's point of view: the share of valid rows
with the column mapping alone, and with --normalize --country-column country
--drop-invalid-optional. The second must be at least 95%.

    python oracle/export_test.py target/debug/juspay-customer [ROWS]
"""

import json
import pathlib
import subprocess
import sys

HERE = pathlib.Path(__file__).resolve().parent


def report(cli, path, flags):
    out = path.with_suffix(f".{len(flags)}.report.json")
    subprocess.run(
        [cli, "check", "-q", "--no-verdicts", "--column", "object_reference_id=id",
         "--column", "mobile_number=phone", "--report-json", str(out), *flags, str(path)],
        check=False, capture_output=True,
    )
    return json.loads(out.read_text())


def main():
    cli = sys.argv[1]
    rows = int(sys.argv[2]) if len(sys.argv) > 2 else 20000
    target = HERE.parent / "target" / "tmp"
    target.mkdir(parents=True, exist_ok=True)
    path = target / "shop_export.csv"
    with path.open("w") as f:
        subprocess.run([sys.executable, str(HERE / "shop_export.py"), str(rows)], stdout=f, check=True)
    before = report(cli, path, [])
    after = report(cli, path, ["--normalize", "--country-column", "country", "--drop-invalid-optional"])
    share = lambda r: r["valid"] / r["records"]
    dropped = sum(d["count"] for d in after["dropped"])
    warnings = {f'{w["field"]}/{w["reason"]}': w["count"] for w in after["warnings"]}
    print(f"shop export, {rows} rows: valid {share(before):.1%} with the column mapping alone, "
          f"{share(after):.1%} with --normalize --country-column country --drop-invalid-optional "
          f"({after['split']} numbers split, {dropped} optional fields dropped, warnings {warnings})")
    print("refusals after:", [(r["field"], r["reason"], r["count"]) for r in after["refusals"]])
    ok = share(after) >= 0.95 and share(before) <= 0.5 and after["split"] > 0 and dropped > 0
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
