"""The shop export from a new user's point of view: the share of valid rows
with the column mapping alone, and with --normalize --country-column country
--drop-invalid-optional. The second must be at least 95%.

Then the Shopify-style export (`shop_export.py --shopify`: Windows-1252, `;`,
national numbers, Excel's `'`, extensions, accented names, blank emails,
rows written twice), with every flag but --repair-names and then with it:
the valid share and the names and emails kept in valid rows, before and
after. Every repaired cell the verdicts list is in the report's count, every
same_customer verdict too, and --repair-names keeps more names.

    python oracle/export_test.py target/debug/juspay-customer [ROWS] [SHOPIFY_ROWS]
"""

import json
import pathlib
import subprocess
import sys
import urllib.parse

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
    shopify_rows = int(sys.argv[3]) if len(sys.argv) > 3 else 100_500
    return 0 if ok and shopify_export(cli, target, shopify_rows) else 1


SHOPIFY_COLUMNS = [
    "--column", "object_reference_id=Customer ID", "--column", "first_name=First Name",
    "--column", "last_name=Last Name", "--column", "email_address=Email", "--column", "mobile_number=Phone",
]
EVERY_FLAG = ["--encoding", "windows-1252", "--normalize", "--country-column", "Country Code",
              "--drop-invalid-optional"]


def verdicts_and_report(cli, path, flags):
    report = path.with_suffix(f".{len(flags)}.report.json")
    run = subprocess.run(
        [cli, "check", "-q", "--report-json", str(report), *SHOPIFY_COLUMNS, *flags, str(path)],
        check=False, capture_output=True,
    )
    assert run.returncode in (0, 1), run.stderr.decode()
    verdicts = [json.loads(line) for line in run.stdout.decode().splitlines()]
    return verdicts, json.loads(report.read_text())


def kept(verdicts):
    """Valid rows, and the names and emails they send."""
    valid = [urllib.parse.parse_qs(v["body"]) for v in verdicts if v["valid"]]
    return len(valid), {f: sum(f in b for b in valid) for f in ("first_name", "last_name", "email_address")}


def shopify_export(cli, target, rows):
    path = target / "shopify_export.csv"
    with path.open("wb") as f:
        gen = subprocess.run([sys.executable, str(HERE / "shop_export.py"), "--shopify", str(rows)],
                             stdout=f, stderr=subprocess.PIPE, check=True)
    written = int(gen.stderr.decode().strip())
    ok = True
    figures = {}
    for name, flags in (("every flag before", EVERY_FLAG), ("with --repair-names", [*EVERY_FLAG, "--repair-names"])):
        verdicts, report = verdicts_and_report(cli, path, flags)
        assert len(verdicts) == written == report["records"], (len(verdicts), written, report["records"])
        valid, names = kept(verdicts)
        # Every repaired cell of a valid row is in the report's count.
        listed = {f: sum(f in v.get("repaired", []) for v in verdicts if v["valid"]) for f in ("first_name", "last_name")}
        if listed != report["repaired"]:
            print("REPAIRED COUNT MISMATCH", listed, report["repaired"])
            ok = False
        same = sum(any(e["reason"] == "same_customer" for e in v.get("errors", [])) for v in verdicts)
        if same != report["same_customer"] or not 0 < same <= written - rows:
            print("SAME CUSTOMER MISMATCH", same, report["same_customer"], written - rows)
            ok = False
        extensions = sum(v.get("extension_removed", False) for v in verdicts)
        if extensions != report["extensions_removed"] or extensions == 0:
            print("EXTENSIONS MISMATCH", extensions, report["extensions_removed"])
            ok = False
        dropped = {}
        for d in report["dropped"]:
            dropped[d["field"]] = dropped.get(d["field"], 0) + d["count"]
        figures[name] = (valid, names, dropped, report["repaired"], same, extensions)
        print(f"shopify export, {written} rows ({written - rows} written twice), {name}: "
              f"valid {valid / written:.1%} ({valid}); kept in valid rows: {names}; dropped: {dropped}; "
              f"repaired: {report['repaired']}; same_customer: {same}; extensions removed: {extensions}")
    before, after = figures["every flag before"], figures["with --repair-names"]
    if not (after[0] >= before[0] and after[1]["first_name"] > before[1]["first_name"]
            and after[1]["last_name"] > before[1]["last_name"] and sum(after[3].values()) > 0):
        print("--repair-names kept no more names")
        ok = False
    return ok


if __name__ == "__main__":
    sys.exit(main())
