//! How a CSV header's columns become the request's fields, so that no
//! field is left out unseen.
//!
//! A field is read from, in order: the column `--column FIELD=HEADER`
//! names; the column headed like the field (`mobile_number`); else the
//! first present of the headers the common exports use for it (Shopify,
//! WooCommerce, Stripe, HubSpot: `Customer ID`, `Phone`, `Email`, ...).
//! Headers compare with case, `_`, `-` and spacing aside (`Customer_ID`
//! is `customer id`).
//!
//! A field that no column holds is not sent. When a carried column looks
//! like such a field (`E-mail Address` while nothing is read as
//! `email_address`), the run stops before any record and names the
//! `--column` to add, or `--leave-out FIELD` to say that it is not to be
//! sent. Without this, an export whose headers are not the API's would
//! check as valid while every name and email was silently left out.
//!
//! Over 500 lines: 190 of them are its tests (the header aliases of each
//! export, one case a line); the code is 336 lines.

use juspay_customer::Field;

/// The fields a column can hold that are data about the customer (not
/// `get_client_auth_token`, a flag of the request), in the API's order.
pub(crate) fn data_fields() -> impl Iterator<Item = Field> {
    Field::ALL.into_iter().filter(|f| *f != Field::GetClientAuthToken)
}

/// The headers common exports use for each field, in order of preference
/// (HubSpot has both `Mobile Phone Number` and `Phone Number`: the mobile
/// one wins). As keys (`key`).
/// - Shopify customers: `Customer ID`, `First Name`, `Last Name`, `Email`,
///   `Phone` (`Default Address Phone` is the address's, left carried).
/// - WooCommerce customers: `customer_id`, `first_name`, `last_name`,
///   `email`, `billing_phone`, `billing_email`.
/// - Stripe customers: `id`, `Email`, `Phone` (`Name` is the whole name:
///   it resembles `first_name`, so it stops the run, see `resembles`).
/// - HubSpot contacts: `Record ID`, `First Name`, `Last Name`, `Email`,
///   `Mobile Phone Number`, `Phone Number`.
const ALIASES: [(Field, &[&str]); 6] = [
    (Field::ObjectReferenceId, &["customer id", "record id", "id"]),
    (
        Field::MobileNumber,
        &[
            "mobile phone number",
            "mobile number",
            "mobile",
            "phone",
            "phone number",
            "billing phone",
        ],
    ),
    (
        Field::EmailAddress,
        &["email", "email address", "e mail", "billing email", "user email"],
    ),
    (
        Field::FirstName,
        &["first name", "firstname", "given name", "billing first name"],
    ),
    (
        Field::LastName,
        &[
            "last name",
            "lastname",
            "surname",
            "family name",
            "billing last name",
        ],
    ),
    (
        Field::MobileCountryCode,
        &[
            "phone country code",
            "country calling code",
            "calling code",
            "dial code",
        ],
    ),
];

/// The marker `check --valid-out` puts after a carried column's header
/// that would otherwise be read as a field or look like one, so that
/// `send` reads the file with no flag given again: such a column is never
/// read as a field nor taken to resemble one.
pub(crate) const NOT_SENT: &str = " (not sent)";

/// A header as compared: words split at `_`, `-`, spaces and a lowercase
/// letter followed by a capital (`firstName`), lowercased, one space apart.
pub(crate) fn key(header: &str) -> String {
    words(header).join(" ")
}

fn words(header: &str) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    let mut word = String::new();
    let mut last_lower = false;
    for c in header.chars() {
        if c == '_' || c == '-' || c.is_whitespace() {
            if !word.is_empty() {
                out.push(std::mem::take(&mut word));
            }
            last_lower = false;
            continue;
        }
        if c.is_uppercase() && last_lower && !word.is_empty() {
            out.push(std::mem::take(&mut word));
        }
        last_lower = c.is_lowercase();
        word.extend(c.to_lowercase());
    }
    if !word.is_empty() {
        out.push(word);
    }
    out
}

/// The field a header names exactly (`Mobile_Number`, `mobile number`).
pub(crate) fn named(header: &str) -> Option<Field> {
    let k = key(header);
    Field::ALL.into_iter().find(|f| key(f.as_str()) == k)
}

/// Whether `header` carries the `NOT_SENT` marker.
pub(crate) fn marked(header: &str) -> bool {
    header.trim_end().ends_with(NOT_SENT.trim_start())
}

/// The field an export's header stands for, as `ALIASES` lists it, with
/// its rank (lower is preferred).
fn alias(header: &str) -> Option<(Field, usize)> {
    let k = key(header);
    ALIASES
        .iter()
        .find_map(|(field, names)| names.iter().position(|n| *n == k).map(|rank| (*field, rank)))
}

/// Fills each field no column holds yet (`columns[i] == None` is carried)
/// from the best-ranked alias among the carried columns, unless it is left
/// out. Returns the fields so found, with their column.
pub(crate) fn fill_from_aliases(
    headers: &[String],
    columns: &mut [Option<Field>],
    leave_out: &[Field],
    country_column: Option<usize>,
) -> Vec<(Field, usize)> {
    let mut found = Vec::new();
    for field in data_fields() {
        if columns.contains(&Some(field)) || leave_out.contains(&field) {
            continue;
        }
        let best = (0..headers.len())
            .filter(|&i| columns[i].is_none() && Some(i) != country_column && !marked(&headers[i]))
            .filter_map(|i| match alias(&headers[i]) {
                Some((f, rank)) if f == field => Some((rank, i)),
                _ => None,
            })
            .min();
        if let Some((_, i)) = best {
            columns[i] = Some(field);
            found.push((field, i));
        }
    }
    found
}

/// The fields `header` looks like it holds, by its words: `mail` for
/// `email_address`; `first`, `given` or a bare name (`Name`, `Full Name`,
/// `Customer Name`) for `first_name`, and `last`, `surname`, `family` or a
/// bare name for `last_name`; `dial`, `calling`, `isd`, or `country` with
/// `code`, for `mobile_country_code`; `phone`, `mobile`, `cell`, `msisdn`
/// or `tel` for `mobile_number`; `id`, `ref`, `reference` for
/// `object_reference_id`.
pub(crate) fn resembles(header: &str) -> Vec<Field> {
    if marked(header) {
        return Vec::new();
    }
    let w = words(header);
    let has = |any: &[&str]| w.iter().any(|x| any.contains(&x.as_str()));
    let bare_name = has(&["name"])
        && w.iter().all(|x| {
            [
                "name", "full", "customer", "contact", "billing", "shipping", "client", "person", "display",
            ]
            .contains(&x.as_str())
        });
    let mut out = Vec::new();
    if has(&["id", "ref", "reference", "uid"]) {
        out.push(Field::ObjectReferenceId);
    }
    if has(&[
        "phone",
        "mobile",
        "cell",
        "msisdn",
        "tel",
        "telephone",
        "phonenumber",
    ]) {
        out.push(Field::MobileNumber);
    }
    if w.iter().any(|x| x.contains("mail")) || (has(&["e"]) && has(&["mail"])) {
        out.push(Field::EmailAddress);
    }
    if has(&["first", "given", "forename", "firstname", "fname"]) || bare_name {
        out.push(Field::FirstName);
    }
    if has(&["last", "surname", "family", "lastname", "lname", "familyname"]) || bare_name {
        out.push(Field::LastName);
    }
    if has(&["dial", "calling", "isd"]) || (has(&["country"]) && has(&["code"])) {
        out.push(Field::MobileCountryCode);
    }
    out
}

/// Every optional field that no column holds and is not left out, but that
/// a carried column (not the `--country-column`) looks like: (field, the
/// headers).
pub(crate) fn unmapped_lookalikes<'a>(
    headers: &'a [String],
    columns: &[Option<Field>],
    leave_out: &[Field],
    country_column: Option<usize>,
) -> Vec<(Field, Vec<&'a str>)> {
    let mut out = Vec::new();
    for field in data_fields() {
        if field.is_required()
            || columns.contains(&Some(field))
            || leave_out.contains(&field)
            || (field == Field::MobileCountryCode && country_column.is_some())
        {
            continue;
        }
        let like: Vec<&str> = (0..headers.len())
            .filter(|&i| columns[i].is_none() && Some(i) != country_column)
            .filter(|&i| resembles(&headers[i]).contains(&field))
            .map(|i| headers[i].as_str())
            .collect();
        if !like.is_empty() {
            out.push((field, like));
        }
    }
    out
}

/// The stop for `unmapped_lookalikes`: what looks like what, and the flags
/// that settle it.
pub(crate) fn lookalike_message(name: &str, found: &[(Field, Vec<&str>)]) -> String {
    let mut text = format!(
        "{name}: nothing would be sent as {}, but columns look like {}:\n",
        found
            .iter()
            .map(|(f, _)| f.as_str())
            .collect::<Vec<_>>()
            .join(", "),
        if found.len() == 1 { "it" } else { "them" }
    );
    for (field, headers) in found {
        let quoted = |h: &str| shlex::try_quote(h).map_or_else(|_| h.to_owned(), |q| q.into_owned());
        let _ = std::fmt::Write::write_fmt(
            &mut text,
            format_args!(
                "  {field}: {}; send it with --column {field}={}",
                headers
                    .iter()
                    .map(|h| format!("\"{h}\""))
                    .collect::<Vec<_>>()
                    .join(", "),
                quoted(headers[0])
            ),
        );
        if *field == Field::MobileCountryCode {
            let _ = std::fmt::Write::write_fmt(
                &mut text,
                format_args!(
                    " (calling codes such as 91), or --country-column {} (regions such as IN)",
                    quoted(headers[0])
                ),
            );
        }
        text.push('\n');
    }
    text.push_str("or, to send none of a field, --leave-out FIELD (repeatable)");
    text
}

/// A required field's header that no column holds: a hint naming the
/// carried columns that look like it.
pub(crate) fn hint_for_missing(field: Field, headers: &[String], columns: &[Option<Field>]) -> String {
    let like: Vec<&str> = (0..headers.len())
        .filter(|&i| columns[i].is_none() && resembles(&headers[i]).contains(&field))
        .map(|i| headers[i].as_str())
        .collect();
    match like.first() {
        Some(h) => format!(
            "; {} looks like it: --column {field}={}",
            like.iter()
                .map(|h| format!("\"{h}\""))
                .collect::<Vec<_>>()
                .join(", "),
            shlex::try_quote(h).map_or_else(|_| (*h).to_owned(), |q| q.into_owned())
        ),
        None => String::new(),
    }
}

/// The header `check --valid-out` writes, when it differs from the input's:
/// each column a field is read from headed with the field's name, and each
/// carried column that `send` would read as a field or take for a lookalike
/// of one not sent marked `NOT_SENT`; `None` when every header stays.
pub(crate) fn valid_out_header(headers: &[String], columns: &[Option<Field>]) -> Option<Vec<String>> {
    let sent: Vec<Field> = columns.iter().flatten().copied().collect();
    let mut changed = false;
    let out = headers
        .iter()
        .zip(columns)
        .map(|(h, c)| match c {
            Some(field) if h.as_str() != field.as_str() => {
                changed = true;
                field.as_str().to_owned()
            }
            Some(_) => h.clone(),
            // Named like a field (another column is read as it), or an
            // export's header or a lookalike of a field not sent.
            None if !marked(h)
                && (named(h).is_some()
                    || alias(h).is_some_and(|(f, _)| !sent.contains(&f))
                    || resembles(h).iter().any(|f| !f.is_required() && !sent.contains(f))) =>
            {
                changed = true;
                format!("{h}{NOT_SENT}")
            }
            None => h.clone(),
        })
        .collect();
    changed.then_some(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn headers(list: &[&str]) -> Vec<String> {
        list.iter().map(|s| (*s).to_owned()).collect()
    }

    #[test]
    fn keys() {
        assert_eq!(key(" Customer_ID "), "customer id");
        assert_eq!(key("firstName"), "first name");
        assert_eq!(key("E-mail"), "e mail");
        assert_eq!(key("MOBILE_NUMBER"), "mobile number");
        assert_eq!(named("Mobile Number"), Some(Field::MobileNumber));
        assert_eq!(named("email"), None);
    }

    /// The exports' own headers, as their documentation lists them.
    #[test]
    fn the_common_exports_map_without_flags() {
        let cases: [(&[&str], [Option<&str>; 6]); 4] = [
            (
                // Shopify customers export.
                &[
                    "Customer ID",
                    "First Name",
                    "Last Name",
                    "Email",
                    "Accepts Email Marketing",
                    "Default Address Company",
                    "Default Address Address1",
                    "Default Address Country Code",
                    "Default Address Phone",
                    "Phone",
                    "Accepts SMS Marketing",
                    "Total Spent",
                    "Note",
                    "Tags",
                ],
                [
                    Some("Customer ID"),
                    Some("Phone"),
                    Some("Email"),
                    Some("First Name"),
                    Some("Last Name"),
                    None,
                ],
            ),
            (
                // WooCommerce customer CSV.
                &[
                    "customer_id",
                    "username",
                    "email",
                    "first_name",
                    "last_name",
                    "billing_first_name",
                    "billing_last_name",
                    "billing_email",
                    "billing_phone",
                    "billing_country",
                ],
                [
                    Some("customer_id"),
                    Some("billing_phone"),
                    Some("email"),
                    Some("first_name"),
                    Some("last_name"),
                    None,
                ],
            ),
            (
                // Stripe customers export (Name is whole: see below).
                &["id", "Description", "Email", "Name", "Phone", "Created (UTC)"],
                [Some("id"), Some("Phone"), Some("Email"), None, None, None],
            ),
            (
                // HubSpot contacts export.
                &[
                    "Record ID",
                    "First Name",
                    "Last Name",
                    "Email",
                    "Phone Number",
                    "Mobile Phone Number",
                    "Company Name",
                ],
                [
                    Some("Record ID"),
                    Some("Mobile Phone Number"),
                    Some("Email"),
                    Some("First Name"),
                    Some("Last Name"),
                    None,
                ],
            ),
        ];
        for (list, want) in cases {
            let h = headers(list);
            let mut columns: Vec<Option<Field>> = h.iter().map(|x| named(x)).collect();
            fill_from_aliases(&h, &mut columns, &[], None);
            for (field, want) in data_fields().zip(want) {
                let got = columns
                    .iter()
                    .position(|c| *c == Some(field))
                    .map(|i| h[i].as_str());
                assert_eq!(got, want, "{field} in {list:?}");
            }
        }
    }

    #[test]
    fn lookalikes_stop_unless_mapped_or_left_out() {
        // Stripe: Name is the whole name.
        let h = headers(&["id", "Email", "Name", "Phone"]);
        let mut columns: Vec<Option<Field>> = h.iter().map(|x| named(x)).collect();
        fill_from_aliases(&h, &mut columns, &[], None);
        let found = unmapped_lookalikes(&h, &columns, &[], None);
        assert_eq!(
            found,
            vec![(Field::FirstName, vec!["Name"]), (Field::LastName, vec!["Name"])]
        );
        let message = lookalike_message("x.csv", &found);
        assert!(message.contains("--column first_name=Name"), "{message}");
        assert!(message.contains("--leave-out FIELD"), "{message}");
        assert!(unmapped_lookalikes(&h, &columns, &[Field::FirstName, Field::LastName], None).is_empty());
        // Shopify mapped only by id and phone: every email and name would go.
        let h = headers(&["Customer ID", "First Name", "Last Name", "Email", "Phone"]);
        let mut columns = vec![
            Some(Field::ObjectReferenceId),
            None,
            None,
            None,
            Some(Field::MobileNumber),
        ];
        let found = unmapped_lookalikes(&h, &columns, &[], None);
        assert_eq!(found.len(), 3, "{found:?}");
        fill_from_aliases(&h, &mut columns, &[], None);
        assert!(unmapped_lookalikes(&h, &columns, &[], None).is_empty());
        // A country column that holds regions is for --country-column.
        let h = headers(&["id", "phone", "Country Code"]);
        let columns: Vec<Option<Field>> =
            vec![Some(Field::ObjectReferenceId), Some(Field::MobileNumber), None];
        let found = unmapped_lookalikes(&h, &columns, &[], None);
        assert_eq!(found, vec![(Field::MobileCountryCode, vec!["Country Code"])]);
        assert!(lookalike_message("x", &found).contains("--country-column 'Country Code'"));
        assert!(unmapped_lookalikes(&h, &columns, &[], Some(2)).is_empty());
        // Not names: a company's, a user's login.
        assert!(resembles("Company Name").is_empty());
        assert!(resembles("Username").is_empty());
        assert_eq!(resembles("E-mail Address"), vec![Field::EmailAddress]);
        assert!(resembles("Email (not sent)").is_empty());
    }

    #[test]
    fn the_valid_out_header_reads_back_alike() {
        let h = headers(&[
            "Customer ID",
            "Phone",
            "Email",
            "Accepts Email Marketing",
            "Name",
            "Note",
        ]);
        let mut columns: Vec<Option<Field>> = h.iter().map(|x| named(x)).collect();
        fill_from_aliases(&h, &mut columns, &[], None);
        let out = valid_out_header(&h, &columns).unwrap();
        assert_eq!(
            out,
            [
                "object_reference_id",
                "mobile_number",
                "email_address",
                "Accepts Email Marketing",
                "Name (not sent)",
                "Note"
            ]
        );
        // Read again with no flag: the same fields, nothing resembling.
        let mut again: Vec<Option<Field>> = out.iter().map(|x| named(x)).collect();
        assert!(fill_from_aliases(&out, &mut again, &[], None).is_empty());
        assert_eq!(again, columns);
        assert!(unmapped_lookalikes(&out, &again, &[], None).is_empty());
        // Already the API's names: the header stays as it was.
        let h = headers(&["customer_id", "object_reference_id", "mobile_number", "Note"]);
        let columns: Vec<Option<Field>> = h.iter().map(|x| named(x)).collect();
        assert_eq!(valid_out_header(&h, &columns), None);
    }
}
