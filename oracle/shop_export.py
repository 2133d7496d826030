"""Writes a realistic shop export (CSV, as Shopify-style tools write it):
phones typed as people type them (+CC with spaces and dashes, 00CC, (0) after
the code, national numbers beside an ISO country column), names with spaces,
apostrophes and accents, a few broken emails and numbers. Deterministic for a
seed. Real numbers' shapes come from phonenumbers' example numbers.

    python oracle/shop_export.py ROWS [SEED] > shop.csv
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


def main():
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
