// juspay-customer/react-hook-form: a resolver that checks a sign-up form
// with the crate's own rules and messages, and hands the values as they will
// be sent (normalized when asked) to the submit handler.
import { rules, validateFields } from "juspay-customer";

// react-hook-form reads a dotted name as a path: the form's
// `options.get_client_auth_token` arrives as {options: {get_client_auth_token}}.
// The dotted keys are the crate's (from its rules), split once.
const DOTTED = Object.keys(rules())
  .filter((key) => key.includes("."))
  .map((key) => [key, ...key.split(".")]);

/** react-hook-form's values, with the API's dotted keys flat. */
function flat(values) {
  const out = { ...values };
  for (const [key, head, tail] of DOTTED) {
    const nested = out[head];
    if (nested && typeof nested === "object" && tail in nested) {
      out[key] = nested[tail];
      delete out[head];
    }
  }
  return out;
}

/** Sets `key` in `into`, a dotted key as react-hook-form's nested path. */
function nest(key, value, into) {
  const dotted = DOTTED.find(([k]) => k === key);
  if (dotted) {
    const [, head, tail] = dotted;
    into[head] = { ...(into[head] ?? {}), [tail]: value };
  } else {
    into[key] = value;
  }
  return into;
}

/**
 * The resolver. `options` are the validate functions' (`normalize`,
 * `dropInvalidOptional`, `strict`, `messages`). Errors carry the
 * person-facing message (`userMessage`) and the reason as `type`; a
 * whole-record refusal is `root`.
 */
export function juspayResolver(options) {
  return async (values) => {
    const verdict = validateFields(flat(values), options);
    if (verdict.valid) {
      const sent = {};
      for (const [key, value] of Object.entries(verdict.fields)) nest(key, value, sent);
      return { values: sent, errors: {} };
    }
    const errors = {};
    for (const error of verdict.errors) {
      const entry = { type: error.reason, message: error.userMessage };
      nest(error.field ?? "root", entry, errors);
    }
    return { values: {}, errors };
  };
}
