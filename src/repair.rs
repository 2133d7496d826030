//! Opt-in repair of `first_name` and `last_name` ([`crate::Policy::repair_names`]).
//!
//! What it does to each kind of character, and why:
//! - A letter outside ASCII (`é`, `ß`, `Ø`, `Ł`, `И`) becomes the ASCII
//!   letters deunicode's table gives it (`e`, `ss`, `O`, `L`, `I`), when the
//!   table gives letters alone: that is how names are already written where
//!   only ASCII fits (passports' machine-readable lines, bank transfers).
//!   A character the table spells with anything else (a space, as for CJK
//!   syllables, or punctuation) is left as it is, and the name stays refused
//!   rather than turned into a transliteration its owner never wrote.
//! - White space between two name characters becomes one `-`
//!   (`Mary Ann` → `Mary-Ann`): of the characters the API allows, the hyphen
//!   is the one compound names already use, and it keeps the parts apart.
//! - An apostrophe between two name characters (`'`, `’`, `ʼ`, `‘`, `` ` ``)
//!   is removed (`O'Brien` → `OBrien`), as passports' machine-readable lines
//!   remove it; a hyphen there would read as two names.
//! - Anything else (digits and the allowed `( ) . - _` included) is kept, so
//!   a name still refused after repair is refused for what its owner wrote.
//!
//! "Between two name characters": after an ASCII letter, digit or `.` (an
//! initial: `J. Smith` → `J.-Smith`) and before a letter or digit of any
//! script.

use deunicode::deunicode_char;

fn is_apostrophe(c: char) -> bool {
    matches!(c, '\'' | '\u{2019}' | '\u{2bc}' | '\u{2018}' | '`')
}

/// `name` repaired, or `None` when repair changes nothing.
pub(crate) fn repair_name(name: &str) -> Option<String> {
    let mut out = String::with_capacity(name.len());
    let mut chars = name.chars().peekable();
    while let Some(c) = chars.next() {
        if c.is_ascii() && !c.is_whitespace() && !is_apostrophe(c) {
            out.push(c);
        } else if c.is_whitespace() || is_apostrophe(c) {
            let mut spaced = c.is_whitespace();
            let mut run = String::from(c);
            while let Some(&next) = chars.peek().filter(|n| n.is_whitespace() || is_apostrophe(**n)) {
                spaced |= next.is_whitespace();
                run.push(next);
                chars.next();
            }
            let after = out.ends_with(|p: char| p.is_ascii_alphanumeric() || p == '.');
            let before = chars.peek().is_some_and(|n| n.is_alphanumeric());
            match (after && before, spaced) {
                (true, true) => out.push('-'),
                (true, false) => {}
                (false, _) => out.push_str(&run),
            }
        } else {
            match deunicode_char(c) {
                Some(ascii) if !ascii.is_empty() && ascii.bytes().all(|b| b.is_ascii_alphabetic()) => {
                    out.push_str(ascii);
                }
                _ => out.push(c),
            }
        }
    }
    (out != name).then_some(out)
}

#[cfg(test)]
mod tests {
    use super::repair_name;

    #[test]
    fn each_kind_of_character() {
        let cases = [
            ("José", Some("Jose")),
            ("Müller-Lüdenscheidt", Some("Muller-Ludenscheidt")),
            ("Strauß", Some("Strauss")),
            ("Søren", Some("Soren")),
            ("Łukasz", Some("Lukasz")),
            ("Ærøskøbing", Some("AEroskobing")),
            ("Mary Ann", Some("Mary-Ann")),
            ("Mary  \t Ann", Some("Mary-Ann")),
            ("O'Brien", Some("OBrien")),
            ("O\u{2019}Brien", Some("OBrien")),
            ("D' Angelo", Some("D-Angelo")),
            ("J. Smith", Some("J.-Smith")),
            ("Zoë O'Neill", Some("Zoe-ONeill")),
            ("Иван", Some("Ivan")),
            // Left as they are: nothing to repair, or nothing to repair it with.
            ("Smith", None),
            ("O'", None),
            ("'Brien", None),
            ("王", None),
            ("Anne & Joe", None),
            ("Anne , Joe", None),
        ];
        for (name, repaired) in cases {
            assert_eq!(repair_name(name).as_deref(), repaired, "{name}");
        }
    }

    #[test]
    fn a_repaired_name_is_repaired_once() {
        for name in ["José María", "O'Brien", "Ærø", "J. R. R."] {
            let once = repair_name(name).unwrap_or_else(|| name.to_owned());
            assert_eq!(repair_name(&once), None, "{name}");
        }
    }
}
