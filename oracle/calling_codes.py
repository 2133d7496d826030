"""Writes src/calling_code/table.rs (the calling-code table) and
src/calling_code/national.rs (each region's national prefixes) from the
metadata of Python's phonenumbers package (a port of Google's libphonenumber).

    python oracle/calling_codes.py           # writes the files
    python oracle/calling_codes.py --check   # exits 1 if a file differs

.ci/run runs --check with the pinned phonenumbers of oracle/requirements.txt,
so the committed tables are always what their generator writes.

The national prefixes: libphonenumber reads a national number's prefix with
a regular expression per region (`national_prefix_for_parsing`), and may
rewrite what it matched (`national_prefix_transform_rule`, such as
Argentina's `0 11 15` for a mobile, which becomes `9 11`). Every such
expression in the metadata reads a bounded prefix, so this script expands
each into the finite list of digit-class sequences it matches, in the order
the expression tries them (alternatives left to right, greedy repeats from
the longest): the crate then needs no regular expressions to strip a prefix
exactly where libphonenumber would. They are written as one line of text per
region (about 6 KB, less than a table of structs, for the browser build).
"""

import pathlib
import sys

try:
    from re import _constants as sre_constants
    from re import _parser as sre_parse
except ImportError:  # Python before 3.11
    import sre_constants
    import sre_parse

import phonenumbers
from phonenumbers import PhoneMetadata

DIR = pathlib.Path(__file__).resolve().parent.parent / "src" / "calling_code"
OUT = DIR / "table.rs"
NATIONAL = DIR / "national.rs"

# A digit class is a 10-bit mask (bit d: digit d); END, the end of the number.
ANY_DIGIT = 0x3FF
END = 0x8000


def digit_class(items):
    mask = 0
    for op, av in items:
        if op == sre_constants.LITERAL and 48 <= av <= 57:
            mask |= 1 << (av - 48)
        elif op == sre_constants.RANGE:
            for c in range(max(av[0], 48), min(av[1], 57) + 1):
                mask |= 1 << (c - 48)
        elif op == sre_constants.CATEGORY and av == sre_constants.CATEGORY_DIGIT:
            mask |= ANY_DIGIT
        else:
            raise ValueError(f"not a digit class: {op} {av}")
    return mask


def expand(tokens):
    """Every (classes, groups) the tokens match, in the order a backtracking
    matcher tries them; groups maps a group number to its (start, end)."""
    out = [((), {})]
    for op, av in tokens:
        alternatives = expand_one(op, av)
        out = [
            (a + b, {**ga, **{k: (s + len(a), e + len(a)) for k, (s, e) in gb.items()}})
            for a, ga in out
            for b, gb in alternatives
        ]
        assert len(out) < 10_000, "an expression with too many prefixes"
    return out


def expand_one(op, av):
    if op in (sre_constants.LITERAL, sre_constants.CATEGORY):
        return [((digit_class([(op, av)]),), {})]
    if op == sre_constants.IN:
        return [((digit_class(av),), {})]
    if op == sre_constants.AT and av == sre_constants.AT_END:
        return [((END,), {})]
    if op == sre_constants.SUBPATTERN:
        group, inner = av[0], expand(av[-1])
        return inner if group is None else [(a, {**g, group: (0, len(a))}) for a, g in inner]
    if op == sre_constants.BRANCH:
        return [x for branch in av[1] for x in expand(branch)]
    if op == sre_constants.MAX_REPEAT:
        low, high, inner = av
        assert high < 20, "an unbounded repeat"
        return [x for n in range(high, low - 1, -1) for x in expand(list(inner) * n)]
    raise ValueError(f"not in libphonenumber's prefix expressions: {op} {av}")


def int_rows(numbers):
    """Rust array rows of `numbers`, sixteen a line."""
    return ["    " + ", ".join(str(n) for n in numbers[i : i + 16]) + "," for i in range(0, len(numbers), 16)]


def lengths_mask(lengths):
    mask = 0
    for n in lengths:
        if n > 0:
            assert n < 32
            mask |= 1 << n
    return mask


def class_text(mask):
    """A digit class as the crate's table writes it: the digit itself, `d`
    for any digit, or `[...]` with runs of three or more as `a-b`."""
    digits = [d for d in range(10) if mask >> d & 1]
    if len(digits) == 1:
        return str(digits[0])
    if len(digits) == 10:
        return "d"
    parts, i = [], 0
    while i < len(digits):
        j = i
        while j + 1 < len(digits) and digits[j + 1] == digits[j] + 1:
            j += 1
        parts.append(f"{digits[i]}-{digits[j]}" if j - i >= 2 else "".join(str(d) for d in digits[i : j + 1]))
        i = j + 1
    return "[" + "".join(parts) + "]"


def national(region):
    """A region's line of the table (empty when it has no national prefix):
    `POSSIBLE;LOCAL_ONLY;INSERT;PREFIXES`, the lengths as hexadecimal bit
    sets, the prefixes separated by `|`, each a digit, `d` (any digit), a
    `[class]` or `$`
    (the end of the number) per position, and `(` `)` around what the
    region's transform keeps, where it applies."""
    meta = PhoneMetadata.metadata_for_region(region)
    pattern = meta.national_prefix_for_parsing or meta.national_prefix
    if not pattern:
        return ""
    rule = meta.national_prefix_transform_rule
    literal, group = "", None
    if rule:
        literal, _, group = rule.partition("\\")
        assert literal.isdigit() or not literal, rule
        group = int(group)
    parsed = sre_parse.parse(pattern)
    last = parsed.state.groups - 1
    prefixes = []
    for classes, groups in expand(parsed):
        # The transform applies when there is one and the last group took
        # part in the match; it keeps the group it names.
        kept = groups[group] if rule and last in groups else None
        text = ""
        for i, c in enumerate(classes):
            if kept and i == kept[0]:
                text += "("
            text += "$" if c == END else class_text(c)
            if kept and i + 1 == kept[1]:
                text += ")"
        prefixes.append(text)
    general = meta.general_desc
    possible = lengths_mask(general.possible_length)
    local = lengths_mask(general.possible_length_local_only)
    return f"{possible:x};{local:x};{literal};{'|'.join(prefixes)}"


def render_national() -> str:
    regions = sorted(phonenumbers.SUPPORTED_REGIONS)
    codes = sorted(phonenumbers.COUNTRY_CODE_TO_REGION_CODE)
    lines = [national(region) for region in regions]
    assert all("\n" not in l and '"' not in l and "\\" not in l for l in lines)
    starts = [0]
    for line in lines:
        starts.append(starts[-1] + len(line) + 1)
    assert starts[-1] < 0xFFFF
    out = [
        "//! Generated by `oracle/calling_codes.py` from the metadata of Python's",
        f"//! phonenumbers {phonenumbers.__version__} (libphonenumber's): do not edit by hand.",
        "",
        "/// The national prefixes of each region of `REGIONS`, one line each, in the",
        "/// same order (empty: none): `POSSIBLE;LOCAL_ONLY;INSERT;PREFIXES`. The",
        "/// lengths are hexadecimal bit sets (bit `n`: `n` digits); INSERT is what",
        "/// the region's transform writes before what it keeps; the prefixes, in",
        "/// the order libphonenumber tries them, are separated by `|`, each a digit,",
        "/// `d` (any digit), a `[class]` (`a-b` a run) or `$` (the end of the",
        "/// number) per position,",
        "/// with `(` `)` around the part the transform keeps where it applies.",
        "#[rustfmt::skip]",
        'pub(super) const NATIONAL: &str = "\\',
    ]
    out += [line + "\\n\\" for line in lines]
    out += [
        '";',
        "",
        "/// Where each region's line of `NATIONAL` starts, and its end.",
        "#[rustfmt::skip]",
        f"pub(super) const NATIONAL_AT: [u16; {len(starts)}] = [",
    ]
    out += int_rows(starts)
    main_regions = []
    for code in codes:
        main = phonenumbers.region_code_for_country_code(code)
        main_regions.append(regions.index(main) if main in regions else 0xFFFF)
    out += [
        "];",
        "",
        "/// The main region of each code of `ASSIGNED` (libphonenumber's",
        "/// `region_code_for_country_code`), as an index of `REGIONS`; `0xFFFF` for",
        "/// a non-geographic code.",
        "#[rustfmt::skip]",
        f"pub(super) const MAIN_REGION: [u16; {len(codes)}] = [",
    ]
    out += int_rows(main_regions)
    out += ["];", ""]
    return "\n".join(out)


def render() -> str:
    codes = sorted(phonenumbers.COUNTRY_CODE_TO_REGION_CODE)
    regions = sorted(phonenumbers.SUPPORTED_REGIONS)
    by_region = [phonenumbers.country_code_for_region(r) for r in regions]
    assert all(len(r) == 2 and r.isalpha() and r.isupper() for r in regions)
    assert all(0 < c < 1000 for c in codes)
    lines = [
        "//! Generated by `oracle/calling_codes.py` from the metadata of Python's",
        f"//! phonenumbers {phonenumbers.__version__} (libphonenumber's): do not edit by hand.",
        "",
        f"/// Every assigned country calling code, ascending ({len(codes)}; the",
        "/// non-geographic ones, such as 800, included).",
        "#[rustfmt::skip]",
        f"pub(super) const ASSIGNED: [u16; {len(codes)}] = [",
    ]
    lines += int_rows(codes)
    lines += [
        "];",
        "",
        f"/// Every region libphonenumber knows ({len(regions)}), ISO 3166-1 alpha-2 in",
        "/// upper case, ascending, two bytes each.",
        "#[rustfmt::skip]",
        f"pub(super) const REGIONS: &[u8; {2 * len(regions)}] = b\"\\",
    ]
    for i in range(0, len(regions), 32):
        lines.append("    " + "".join(regions[i : i + 32]) + "\\")
    lines += [
        '";',
        "",
        "/// The calling code of each region of `REGIONS`, in the same order.",
        "#[rustfmt::skip]",
        f"pub(super) const REGION_CODES: [u16; {len(regions)}] = [",
    ]
    lines += int_rows(by_region)
    lines += ["];", ""]
    return "\n".join(lines)


def main() -> int:
    files = [(OUT, render()), (NATIONAL, render_national())]
    if sys.argv[1:] == ["--check"]:
        for path, text in files:
            if path.read_text() != text:
                print(f"{path} differs from what oracle/calling_codes.py writes: run it and commit")
                return 1
            print(f"{path.name}: as its generator writes it (phonenumbers {phonenumbers.__version__})")
        return 0
    DIR.mkdir(exist_ok=True)
    for path, text in files:
        path.write_text(text)
    return 0


if __name__ == "__main__":
    sys.exit(main())
