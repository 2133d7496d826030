"""Nothing personal or secret in any repr, str or exception text: the cases
of the Rust property tests (tests/security.rs, client/tests/secrets.rs), as
generated values of every field, valid and refused, under every option."""

import json
import random
import string

import juspay_customer as jc

RNG = random.Random(33)


def values():
    for _ in range(400):
        digits = "".join(RNG.choice(string.digits) for _ in range(RNG.randrange(8, 13)))
        name = "".join(RNG.choice(string.ascii_letters) for _ in range(RNG.randrange(3, 12)))
        yield {
            "object_reference_id": "ref_" + "".join(RNG.choice(string.ascii_letters + string.digits) for _ in range(12)),
            "mobile_number": RNG.choice([digits, "+91 " + digits, digits[:4] + "x" + digits[4:], "'" + digits]),
            "email_address": RNG.choice([name.lower() + "@example.com", name + " @x", name + "@@y.in"]),
            "first_name": RNG.choice([name, name + " Ann", "Zoë" + name]),
            "last_name": RNG.choice([name[::-1], "O'" + name]),
        }


def texts(*objects):
    out = []
    for o in objects:
        out += [repr(o), str(o)]
    return " ".join(out)


def personal(fields):
    return [v for v in fields.values() if isinstance(v, str) and len(v) >= 4] + [
        v.strip("'+ ") for v in fields.values() if isinstance(v, str) and len(v) >= 6
    ]


def test_no_value_in_any_verdict_text():
    options = [{}, {"normalize": True, "drop_invalid_optional": True, "repair_names": True}, {"strict": True}]
    for fields in values():
        for option in options:
            verdict = jc.validate(fields, **option)
            shown = texts(verdict, verdict.notes, *verdict.errors, *verdict.notes.dropped, *verdict.notes.warnings)
            sent = [v for v in verdict.fields.values() if isinstance(v, str) and len(v) >= 4]
            for value in personal(fields) + sent:
                assert value not in shown, (value, shown)


def test_no_value_or_token_in_a_customer_or_an_error():
    for fields in values():
        body = json.dumps({"id": "cst_1", **fields, "juspay": {"client_auth_token": "tkn_" + fields["object_reference_id"]}})
        customer = jc.parse_response(200, body.encode())
        shown = texts(customer)
        assert "tkn_" not in shown
        for value in personal(fields):
            assert value not in shown, (value, shown)
        error = json.dumps({"status": "error", "error_code": "INVALID_INPUT", "error_message": fields["mobile_number"],
                            "error_info": {"code": "INVALID_INPUT", "user_message": fields["email_address"],
                                           "fields": [{"field_name": "mobile_number", "reason": fields["first_name"]}]}})
        try:
            jc.parse_response(400, error.encode())
        except jc.JuspayError as e:
            shown = texts(e) + " " + repr(e.args)
            for value in personal(fields):
                assert value not in shown, (value, shown)
        else:
            raise AssertionError("a 400 is an error")
