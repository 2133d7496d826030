"""Writes a realistic shop export (CSV, as Shopify-style tools write it):
phones typed as people type them (+CC with spaces and dashes, 00CC, (0) after
the code, national numbers beside an ISO country column), names with spaces,
apostrophes and accents, a few broken emails and numbers. Deterministic for a
seed. Real numbers' shapes come from phonenumbers' example numbers.

    python oracle/shop_export.py ROWS [SEED] > shop.csv
    python oracle/shop_export.py --shopify ROWS [SEED] > shopify.csv

`--shopify` writes what a Shopify-style admin export holds after a round
through Excel on Windows: Windows-1252, `;` between cells, CRLF, names with
accents, spaces and curly apostrophes, national numbers with their trunk
prefix (`06 12 34 56 29` beside `FR`), Excel's `'` before a number, an
extension after some, 15% blank emails, and 0.5% of rows written twice.
"""

import csv
import random
import sys

import phonenumbers
from phonenumbers import PhoneNumberFormat as F
from phonenumbers import PhoneNumberType as T

REGIONS = ["IN"] * 6 + ["SG", "US", "GB", "AE", "AU", "DE", "FR", "IT", "MY", "ID", "CA", "NL"]
# Plain names and the kinds the API refuses (spaces, apostrophes, accents).
FIRST = ["Priya", "Rahul", "Wei", "John", "Siti", "Ana", "Ravi", "Aisha", "Arjun", "Mei", "Omar", "Sara",
         "Mary Ann", "José", "Zoë", "D'Arcy"]
LAST = ["Sharma", "Tan", "Smith", "Nguyen", "Kumar", "Patel", "Lee", "Singh", "Wong", "Jones", "Khan", "Chen",
        "O'Brien", "van der Berg", "Müller"]


def number(rng, region):
    n = phonenumbers.example_number_for_type(region, T.MOBILE)
    nsn = phonenumbers.national_significant_number(n)
    # Vary the last four digits, keeping the number's shape.
    nsn = nsn[:-4] + "".join(rng.choice("0123456789") for _ in range(4))
    return phonenumbers.parse("+" + str(n.country_code) + nsn, None)


def phone(rng, region):
    n = number(rng, region)
    intl = phonenumbers.format_number(n, F.INTERNATIONAL)
    nsn = phonenumbers.national_significant_number(n)
    code = str(n.country_code)
    roll = rng.random()
    if roll < 0.25:
        return intl  # +91 98765 43210
    if roll < 0.33:
        return intl.replace(" ", "-", 1 + rng.randrange(3))  # +91-98765-43210
    if roll < 0.37:
        return "00" + intl[1:]
    if roll < 0.40 and not nsn.startswith("0"):
        return f"+{code} (0){nsn}"
    if roll < 0.985:
        return nsn  # national, the country column says where
    return nsn[:3] + "x" + nsn[4:]  # a typo no tool should fix


SHOPIFY_FIRST = ["Priya", "Rahul", "John", "Sara", "Omar", "Mei", "José", "Zoë", "François", "Søren",
                 "Mary Ann", "Anne-Sophie", "D\u2019Arcy", "Jürgen", "Ana María", "Chloé", "Björn", "Łukasz"]
SHOPIFY_LAST = ["Sharma", "Smith", "Khan", "Lee", "Müller", "O'Brien", "O\u2019Neill", "van der Berg",
                "García", "Núñez", "Øberg", "Strauß", "Dubois", "Le Gall", "Çelik"]
SHOPIFY_REGIONS = ["IN"] * 4 + ["FR", "GB", "DE", "US", "AU", "SG", "NL", "AR", "BR", "ES", "IT", "AE"]


def shopify_phone(rng, region):
    n = number(rng, region)
    roll = rng.random()
    if roll < 0.30:
        text = phonenumbers.format_number(n, F.INTERNATIONAL)
    elif roll < 0.85:
        text = phonenumbers.format_number(n, F.NATIONAL)  # 06 12 34 56 29, 011 15-2345-6789
    else:
        text = phonenumbers.national_significant_number(n)
    if rng.random() < 0.10:
        text = "'" + text  # Excel's text mark
    if rng.random() < 0.03:
        text += rng.choice([" ext. ", " x", " #", " Ext "]) + str(rng.randrange(1, 999))
    if rng.random() < 0.01:
        text = text[:4] + "o" + text[5:]  # a typo no tool should fix
    return text


def shopify(rows, rng):
    out = csv.writer(_Cp1252(sys.stdout.buffer), delimiter=";", lineterminator="\r\n")
    out.writerow(["Customer ID", "First Name", "Last Name", "Email", "Phone", "Country Code", "Accepts Marketing"])
    written = 0
    for i in range(rows):
        region = rng.choice(SHOPIFY_REGIONS)
        first, last = rng.choice(SHOPIFY_FIRST), rng.choice(SHOPIFY_LAST)
        plain = first.encode("ascii", "ignore").decode().lower().replace(" ", "").replace("'", "")
        email = "" if rng.random() < 0.15 else f"{plain or 'c'}.{i}@example.com"
        row = [f"shopify_{i:08d}", first, last, email, shopify_phone(rng, region), region, rng.choice(["yes", "no"])]
        out.writerow(row)
        written += 1
        if rng.random() < 0.005:
            out.writerow(row)  # the same row again, as a merge of two exports writes it
            written += 1
    print(written, file=sys.stderr)


class _Cp1252:
    """A text sink that writes Windows-1252 bytes (what Excel on Windows
    saves as "CSV"); a character it has no byte for becomes `?`, as there."""

    def __init__(self, raw):
        self.raw = raw

    def write(self, text):
        self.raw.write(text.encode("cp1252", "replace"))


def main():
    if sys.argv[1] == "--shopify":
        shopify(int(sys.argv[2]), random.Random(int(sys.argv[3]) if len(sys.argv) > 3 else 19))
        return 0
    rows = int(sys.argv[1])
    rng = random.Random(int(sys.argv[2]) if len(sys.argv) > 2 else 19)
    out = csv.writer(sys.stdout, lineterminator="\n")
    out.writerow(["id", "first_name", "last_name", "email_address", "phone", "country"])
    for i in range(rows):
        region = rng.choice(REGIONS)
        first, last = rng.choice(FIRST), rng.choice(LAST)
        email = f"{first.lower()}.{i}@example.com" if rng.random() < 0.97 else f"{first} {i}@example"
        if rng.random() < 0.02:
            email = "x" * 130 + "@example.com"  # over Juspay's server limit
        out.writerow([f"shop_{i:08d}", first, last, email, phone(rng, region), region])
    return 0


if __name__ == "__main__":
    sys.exit(main())
