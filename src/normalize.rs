//! Explicit normalization for form handlers. Validation never applies it.

use std::borrow::Cow;

use crate::calling_code::{self, Country};
use crate::error::Reason;
use crate::field::Field;
use crate::request::{CustomerInput, FieldValue};
use crate::rules;

/// Characters removed from anywhere in a mobile number: every Unicode white
/// space character (a no-break space pasted from a web page included) and
/// `-`, `(`, `)`, `.`.
fn is_mobile_separator(c: char) -> bool {
    c.is_whitespace() || matches!(c, '-' | '(' | ')' | '.')
}

/// Trims surrounding whitespace of every text field; removes every Unicode
/// white space character and `-`, `(`, `)` and `.` from anywhere in
/// `mobile_number`; strips one leading `+` from `mobile_country_code` when a
/// digit follows it; writes `options.get_client_auth_token` text that reads
/// `true` or `false` in any case (spreadsheets write `TRUE`) in lower case.
///
/// **What spreadsheets and people add to a number.** Excel's mark for a
/// cell kept as text, a leading `'` (every `'` before the first digit or
/// `+`), is removed from `mobile_number` and `mobile_country_code`. An
/// extension after the number (`ext. 12`, `extension 12`, `x12`, `#12`:
/// at most 20 digits after `ext`, 9 after `x` or `#`, as libphonenumber
/// reads them) is removed, as the API has no place for it, when at least 7
/// digits and nothing else come before it once the separators are out and
/// the code is split off; [`crate::Policy`] says so in
/// [`crate::Notes::extension_removed`]. A national prefix a second pass
/// would read again is left as typed, so that normalizing twice changes
/// nothing.
///
/// **International numbers.** A `mobile_number` that starts with `+` or
/// `00` (international dialling; a `(` before it is allowed) is split: the
/// assigned country calling code that follows ([`crate::calling_code`]) goes
/// to `mobile_country_code`, the rest to `mobile_number`, and a `(0)` right
/// after the code is dropped, as dialling does (`+44 (0)20 7946 0000` is
/// `44` and `2079460000`). Then:
/// - a `mobile_country_code` given as well must be the same code; another
///   one is [`Reason::CountryCodeConflict`] for `mobile_country_code`, as
///   the two disagree and neither is chosen;
/// - no assigned code after the `+` or `00` is [`Reason::UnassignedCountryCode`]
///   for `mobile_number` (`+999 …`);
/// - a number without `+` or `00` keeps its digits, and the request carries
///   `91` when no code is given, as before.
///
/// These two refusals need the split, which is normalization and not a
/// rule, so [`CustomerInput::validate`] without `normalize` never gives them.
///
/// **National prefixes.** Then the national (trunk) prefix is removed from
/// the number where libphonenumber's parser removes it, by the rules of the
/// region of the calling code the request carries (its main region: `33`
/// France, `1` the United States, `91` India when none is given), so that a
/// national and an international spelling of one number give one body:
/// `06 12 34 56 29` with `33` is `612345629`, as `+33 6 12 34 56 29` is.
/// The rules are libphonenumber's metadata, generated and checked like the
/// calling-code table; Argentina's `0 11 15 …` for a mobile becomes
/// `9 11 …` as there. [`crate::Policy::check_with_country`] reads them by
/// the country's own region (`GG` rather than `GB`) when it names one.
///
/// It never turns a letter into a digit or drops any other character, so
/// `9988-77x6` stays invalid, and `++65` or `+ 65` in `mobile_country_code`
/// stay as they are (invalid) rather than being guessed at. It is
/// idempotent, and borrows whenever it only trims.
///
/// ```
/// use juspay_customer::{normalize, CustomerInput, Field, Reason};
/// let input = CustomerInput::new()
///     .with(Field::ObjectReferenceId, " cust_123489 ")
///     .with(Field::MobileNumber, "(998) 877-66.55")
///     .with(Field::MobileCountryCode, "+65");
/// let req = normalize(input).validate().unwrap();
/// assert_eq!(req.object_reference_id(), "cust_123489");
/// assert_eq!(req.mobile_number(), "9988776655");
/// assert_eq!(req.mobile_country_code(), "65");
///
/// let typed = CustomerInput::new()
///     .with(Field::ObjectReferenceId, "cust_123489")
///     .with(Field::MobileNumber, "+91 98765-43210");
/// let req = normalize(typed.clone()).validate().unwrap();
/// assert_eq!((req.mobile_country_code(), req.mobile_number()), ("91", "9876543210"));
///
/// let national = CustomerInput::new()
///     .with(Field::ObjectReferenceId, "cust_123489")
///     .with(Field::MobileNumber, "'06 12 34 56 29 ext. 12")
///     .with(Field::MobileCountryCode, "33");
/// let req = normalize(national).validate().unwrap();
/// assert_eq!((req.mobile_country_code(), req.mobile_number()), ("33", "612345629"));
///
/// let conflict = typed.with(Field::MobileCountryCode, "65");
/// let errors = normalize(conflict).validate().unwrap_err();
/// assert_eq!(errors.errors()[0].reason, Reason::CountryCodeConflict { in_number: 91 });
/// ```
pub fn normalize(mut input: CustomerInput<'_>) -> CustomerInput<'_> {
    normalize_in_place(&mut input);
    strip_national_prefix(&mut input, None);
    input
}

/// What [`normalize_in_place`] did besides trimming.
#[derive(Clone, Copy, Debug, Default)]
pub(crate) struct Normalized {
    /// The calling code it moved from `mobile_number` to
    /// `mobile_country_code`, if it did.
    pub(crate) split: Option<u16>,
    /// Whether it removed an extension from `mobile_number`.
    pub(crate) extension_removed: bool,
}

/// [`normalize`] in place, but for the national prefix
/// ([`strip_national_prefix`], which needs the country).
pub(crate) fn normalize_in_place(input: &mut CustomerInput<'_>) -> Normalized {
    for field in Field::ALL {
        if let FieldValue::Text(text) = input.get_mut(field) {
            let new = match field {
                Field::MobileNumber => continue,
                Field::MobileCountryCode => country_code(text),
                Field::GetClientAuthToken => boolean(text),
                _ => trimmed(text),
            };
            if let Some(new) = new {
                *text = new;
            }
        }
    }
    let mut done = Normalized::default();
    let FieldValue::Text(number) = input.get_mut(Field::MobileNumber) else {
        return done;
    };
    if let Some(marked) = without_text_mark(number) {
        *number = marked;
    }
    let number = &*number;
    match mobile(number) {
        Mobile::Plain(None) => {}
        Mobile::Plain(Some(new)) => input.set(Field::MobileNumber, new),
        Mobile::Unassigned => input.set(
            Field::MobileNumber,
            FieldValue::Invalid(Reason::UnassignedCountryCode),
        ),
        Mobile::International { code, national } => {
            input.set(Field::MobileNumber, national);
            let in_number: u16 = code.parse().unwrap_or_default();
            match input.get(Field::MobileCountryCode) {
                FieldValue::Text(given) if !given.is_empty() && *given != code => {
                    let conflict = Reason::CountryCodeConflict { in_number };
                    input.set(Field::MobileCountryCode, FieldValue::Invalid(conflict));
                }
                // A refused value stays, to be reported as it is.
                FieldValue::Text(given) if !given.is_empty() => {}
                FieldValue::Text(_) | FieldValue::Absent | FieldValue::Null => {
                    input.set(Field::MobileCountryCode, code);
                }
                _ => {}
            }
            done.split = Some(in_number);
        }
    }
    // The extension last, from the number as cleaned: separators out, the
    // code split off, so that a second pass finds none.
    if let FieldValue::Text(number) = input.get_mut(Field::MobileNumber) {
        if let Some(at) = extension_at(number) {
            *number = slice(number, 0, at);
            done.extension_removed = true;
        }
    }
    done
}

/// Removes the national prefix of a `mobile_number` of digits, by the
/// rules of `country`'s region when it is one of the calling code the input
/// carries, else of that code's main region ([`normalize`]).
pub(crate) fn strip_national_prefix(input: &mut CustomerInput<'_>, country: Option<Country>) {
    let code = match input.get(Field::MobileCountryCode) {
        FieldValue::Text(code) if !code.is_empty() => code.as_ref(),
        FieldValue::Absent | FieldValue::Null => rules::DEFAULT_MOBILE_COUNTRY_CODE,
        _ => return,
    };
    let Some(rules) = calling_code::national(code, country) else {
        return;
    };
    let FieldValue::Text(number) = input.get(Field::MobileNumber) else {
        return;
    };
    if let Some(national) = rules.strip(number) {
        input.set(Field::MobileNumber, national);
    }
}

/// `text` without the `'` Excel writes before a cell it keeps as text (and
/// any other `'` or separator before the first character that is neither),
/// or `None` when it starts with none.
fn without_text_mark<'a>(text: &Cow<'a, str>) -> Option<Cow<'a, str>> {
    let rest = text.trim_start_matches(|c: char| is_mobile_separator(c) || c == '\'');
    let start = text.len() - rest.len();
    text[..start]
        .as_bytes()
        .contains(&b'\'')
        .then(|| slice(text, start, text.len()))
}

/// The fewest digits a number before an extension has: a letter typed into
/// a short number (`98765x43210`) is a typo, refused, not an extension that
/// would leave five digits to send. Seven is the shortest length of a
/// subscriber number in most regions' metadata.
const EXTENSION_AFTER_DIGITS: usize = 7;

/// Where an extension after a number starts (the end of the number before
/// it), in a number whose separators are already removed: the number (at
/// least [`EXTENSION_AFTER_DIGITS`] digits and nothing else, then any `,`),
/// `ext`, `extension`, `x` or `#` in any case, an optional `:`, then 1 to 20
/// digits after `ext` (1 to 9 after `x` or `#`) and an optional `#`, as
/// libphonenumber reads one. Read as bytes: every byte it steps over is
/// ASCII, and `str`'s char searchers cost the browser build more than this
/// function does.
fn extension_at(text: &str) -> Option<usize> {
    let bytes = text.as_bytes();
    let end = bytes.len() - usize::from(bytes.last() == Some(&b'#'));
    let digits = bytes[..end]
        .iter()
        .rev()
        .take_while(|b| b.is_ascii_digit())
        .count();
    let mut at = end - digits;
    at -= usize::from(at > 0 && bytes[at - 1] == b':');
    let before = &bytes[..at];
    let marker = [&b"extension"[..], b"ext", b"x", b"#"]
        .into_iter()
        .find(|m| before.len() >= m.len() && before[before.len() - m.len()..].eq_ignore_ascii_case(m))?;
    let max = if marker.len() > 1 { 20 } else { 9 };
    if digits == 0 || digits > max {
        return None;
    }
    let mut head = before.len() - marker.len();
    while head > 0 && bytes[head - 1] == b',' {
        head -= 1;
    }
    let number = &bytes[..head];
    (number.len() >= EXTENSION_AFTER_DIGITS && number.iter().all(u8::is_ascii_digit)).then_some(head)
}

/// `true` or `false`, trimmed, for text that reads so in any case.
fn boolean<'a>(text: &Cow<'a, str>) -> Option<Cow<'a, str>> {
    let t = text.trim();
    ["true", "false"]
        .into_iter()
        .find(|b| t.eq_ignore_ascii_case(b) && (t != *b || t.len() != text.len()))
        .map(Cow::Borrowed)
}

/// `text[a..b]`, borrowing from the same place as `text`.
fn slice<'a>(text: &Cow<'a, str>, a: usize, b: usize) -> Cow<'a, str> {
    match text {
        Cow::Borrowed(s) => Cow::Borrowed(&s[a..b]),
        Cow::Owned(s) => Cow::Owned(s[a..b].to_owned()),
    }
}

/// Byte range of `s` without its surrounding whitespace.
fn trim_range(s: &str) -> (usize, usize) {
    let start = s.len() - s.trim_start().len();
    (start, start + s.trim().len())
}

/// `text` trimmed, or `None` when it has nothing to trim.
fn trimmed<'a>(text: &Cow<'a, str>) -> Option<Cow<'a, str>> {
    let (a, b) = trim_range(text);
    (b - a != text.len()).then(|| slice(text, a, b))
}

/// What [`normalize`] makes of a `mobile_number`.
enum Mobile<'a> {
    /// No international prefix: separators removed (`None`: nothing to remove).
    Plain(Option<Cow<'a, str>>),
    /// `+` or `00`, then an assigned code, then the national number.
    International { code: String, national: String },
    /// `+` or `00`, then digits that start with no assigned code.
    Unassigned,
}

fn mobile<'a>(text: &Cow<'a, str>) -> Mobile<'a> {
    // White space is among the separators, so nothing is left to trim.
    let plain = || {
        Mobile::Plain(
            text.contains(is_mobile_separator)
                .then(|| Cow::Owned(text.chars().filter(|&c| !is_mobile_separator(c)).collect())),
        )
    };
    // The common case, digits alone, borrows and allocates nothing.
    if !text.contains(is_mobile_separator) && !text.starts_with('+') && !text.starts_with("00") {
        return Mobile::Plain(None);
    }
    let all: String = text.chars().filter(|&c| !is_mobile_separator(c)).collect();
    let Some((prefix, body)) = all
        .strip_prefix('+')
        .map(|b| (1, b))
        .or_else(|| all.strip_prefix("00").map(|b| (2, b)))
    else {
        return plain();
    };
    if !body.starts_with(|c: char| c.is_ascii_digit()) {
        return plain();
    }
    let Some(len) = crate::calling_code::prefix_of(body) else {
        return Mobile::Unassigned;
    };
    // A national part that itself reads as international, or starts with
    // the `'` a second pass would take for Excel's mark, would change again
    // on a second pass: the number stays whole (and invalid), so that
    // normalization is idempotent.
    let reread = |n: &str| n.starts_with('+') || n.starts_with("00") || n.starts_with('\'');
    let whole = body.get(len..).unwrap_or_default();
    if reread(whole) {
        return plain();
    }
    // The national part, from the text with its parentheses kept, so that
    // a `(0)` right after the code is dropped whole; unless what follows it
    // would read as international, when the 0 stays (again, so that a
    // second pass leaves the number as it is).
    let kept: String = text
        .chars()
        .filter(|&c| matches!(c, '(' | ')') || !is_mobile_separator(c))
        .collect();
    let mut consumed = 0;
    let mut after = kept.len();
    for (i, c) in kept.char_indices() {
        if consumed == prefix + len {
            after = i;
            break;
        }
        consumed += usize::from(!matches!(c, '(' | ')'));
    }
    let rest = kept.get(after..).unwrap_or_default().trim_start_matches(')');
    let national = rest
        .strip_prefix("(0)")
        .map(|dropped| {
            dropped
                .chars()
                .filter(|c| !matches!(c, '(' | ')'))
                .collect::<String>()
        })
        .filter(|n| !reread(n))
        .unwrap_or_else(|| whole.to_owned());
    Mobile::International {
        code: body.get(..len).unwrap_or_default().to_owned(),
        national,
    }
}

fn country_code<'a>(text: &Cow<'a, str>) -> Option<Cow<'a, str>> {
    // White space and Excel's `'`s before the code, in any mix, so that a
    // second pass finds none; then one `+` before a digit.
    let end = text.trim_end().len();
    let start = end
        - text[..end]
            .trim_start_matches(|c: char| c.is_whitespace() || c == '\'')
            .len();
    let start = match text[start..end].strip_prefix('+') {
        Some(rest) if rest.starts_with(|c: char| c.is_ascii_digit()) => start + 1,
        _ => start,
    };
    ((start, end) != (0, text.len())).then(|| slice(text, start, end))
}
