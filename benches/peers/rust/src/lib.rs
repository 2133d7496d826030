//! What the peers share: the rules read from the committed JSON Schema, and
//! the count line each prints (the CLI's report line, so run.sh compares
//! them as text).

use serde_json::Value;

/// One text field's rule, from the schema: its name, whether it is
/// required, its length bounds in characters and its anchored pattern.
pub struct Rule {
    pub name: String,
    pub required: bool,
    pub min: usize,
    pub max: usize,
    pub pattern: Option<regex::Regex>,
    pub boolean: bool,
}

/// The schema at `path`.
pub fn schema(path: &str) -> Value {
    let text = std::fs::read_to_string(path).unwrap_or_else(|e| panic!("{path}: {e}"));
    serde_json::from_str(&text).expect("the schema is JSON")
}

/// Every property's rule, in the schema's order.
pub fn rules(schema: &Value) -> Vec<Rule> {
    let required: Vec<&str> = schema["required"]
        .as_array()
        .expect("required")
        .iter()
        .filter_map(Value::as_str)
        .collect();
    schema["properties"]
        .as_object()
        .expect("properties")
        .iter()
        .map(|(name, property)| {
            // The string branch: inside `anyOf` (with null) and `allOf` (with the line-break `not`).
            let mut s = property;
            while let Some(first) = s.get("anyOf").or_else(|| s.get("allOf")) {
                s = &first[0];
            }
            let n = |key: &str, default: usize| s[key].as_u64().map_or(default, |v| v as usize);
            Rule {
                name: name.clone(),
                required: required.contains(&name.as_str()),
                min: n("minLength", 0),
                max: n("maxLength", usize::MAX),
                pattern: s["pattern"].as_str().map(|p| regex::Regex::new(p).expect("pattern")),
                boolean: s["type"] == "boolean",
            }
        })
        .collect()
}

/// Prints the count line: `records: N, valid: V, invalid: I`.
pub fn report(records: u64, valid: u64) {
    eprintln!("records: {records}, valid: {valid}, invalid: {}", records - valid);
}
