"""The wheel and the native CLI give the same verdict, string for string, on
the project's parity corpus: every line of samples/, the international,
national and repair cases, and 5,000 generated records, as form bodies and
as JSON, under the CLI's policies. Only the wheel adds `user_message`."""

import json
import pathlib
import subprocess
import urllib.parse

import pytest

import juspay_customer as jc

ROOT = pathlib.Path(__file__).resolve().parents[2]

POLICIES = [
    {},
    {"normalize": True},
    {"normalize": True, "drop_invalid_optional": True},
    {"strict": True},
    {"normalize": True, "repair_names": True},
    {"normalize": True, "country": "FR", "drop_invalid_optional": True, "repair_names": True},
]


def flags(policy: dict) -> list:
    out = []
    for key, flag in [("normalize", "--normalize"), ("drop_invalid_optional", "--drop-invalid-optional"),
                      ("strict", "--strict"), ("repair_names", "--repair-names")]:
        if policy.get(key):
            out.append(flag)
    if "country" in policy:
        out += ["--default-country-code", policy["country"]]
    return out


def corpus(gen_records, fmt):
    base = {"object_reference_id": "cust_123489", "mobile_number": "99887766"}
    cases = []
    for mobile in ["+91 98765-43210", "0044 (0)20 7946 0000", "+999 1234", "06 12 34 56 29", "'+33 6 12 34 56 29",
                   "098765 43210 ext. 12", "98765x43210", "011 15-2345-6789"]:
        cases.append({**base, "mobile_number": mobile})
        cases.append({**base, "mobile_number": mobile, "mobile_country_code": "33"})
    for first, last in [("José María", "O'Brien"), ("Zoë", "van der Berg"), ("王", "Lee"), ("Mary Ann", "a" * 70)]:
        cases.append({**base, "first_name": first, "last_name": last, "email_address": "a b@x.com"})
    sample = ROOT / "samples" / ("requests.form" if fmt == "form" else "requests.jsonl")
    lines = [l for l in sample.read_text().splitlines() if l.strip()]
    if fmt == "form":
        lines += [urllib.parse.urlencode(c) for c in cases]
    else:
        lines += [json.dumps(c, ensure_ascii=False) for c in cases]
    generated = subprocess.run([gen_records, "--format", fmt, "5000"], capture_output=True, check=True)
    return lines + generated.stdout.decode().splitlines()


def native(cli, records, fmt, policy):
    run = subprocess.run(
        [cli, "check", "--quiet", "--allow-duplicates", "--format", fmt, *flags(policy)],
        input=("\n".join(records) + "\n").encode(), capture_output=True,
    )
    assert run.returncode in (0, 1), run.stderr.decode()
    out = []
    for line in run.stdout.decode().splitlines():
        verdict = json.loads(line)
        del verdict["line"]
        out.append(verdict)
    return out


def errors_of(errors):
    return [{"field": e.field, "code": e.code, "reason": e.reason, "message": e.message} for e in errors]


def as_cli(verdict: jc.Verdict) -> dict:
    """The wheel's verdict in the CLI's shape, `user_message` checked and left out."""
    out: dict = {"valid": verdict.valid}
    if verdict.valid:
        out["body"] = verdict.body
        sent = dict(urllib.parse.parse_qsl(verdict.body))
        assert {k: str(v).lower() if isinstance(v, bool) else v for k, v in verdict.fields.items()} == sent
    else:
        out["errors"] = errors_of(verdict.errors)
    for e in [*verdict.errors, *verdict.notes.warnings, *verdict.notes.dropped]:
        assert e.user_message and "\\u" not in e.user_message
    notes = verdict.notes
    if notes.warnings:
        out["warnings"] = errors_of(notes.warnings)
    if notes.dropped:
        out["dropped"] = errors_of(notes.dropped)
    if notes.split is not None:
        out["split"] = notes.split
    if notes.extension_removed:
        out["extension_removed"] = True
    if notes.repaired:
        out["repaired"] = notes.repaired
    return out


@pytest.mark.parametrize("fmt", ["form", "json"])
@pytest.mark.parametrize("policy", POLICIES, ids=lambda p: "+".join(p) or "plain")
def test_the_wheel_and_the_cli_agree_on_every_record(cli, gen_records, fmt, policy):
    records = corpus(gen_records, fmt)
    expected = native(cli, records, fmt, policy)
    assert len(expected) == len(records)
    check = jc.validate_form if fmt == "form" else jc.validate_json
    differences = [
        (i, record) for i, (record, want) in enumerate(zip(records, expected))
        if as_cli(check(record.encode(), **policy)) != want
    ]
    assert differences == [], differences[:3]
    if fmt == "json":
        # validate() on the same objects, where the JSON is an object whose
        # option is not a string (a form's "true" is a wrong type in JSON).
        for record, want in zip(records, expected):
            try:
                fields = json.loads(record)
            except ValueError:
                continue
            if isinstance(fields, dict) and not isinstance(fields.get("options.get_client_auth_token"), str):
                if len(set(fields)) == len(fields):
                    assert as_cli(jc.validate(fields, **policy)) == want, record
