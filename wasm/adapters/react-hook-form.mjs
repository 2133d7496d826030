// juspay-customer/react-hook-form: a resolver that checks a sign-up form
// with the crate's own rules and messages, and hands the values as they will
// be sent (normalized when asked) to the submit handler.
import { validateFields } from "juspay-customer";

// react-hook-form reads a dotted name as a path: the form's
// `options.get_client_auth_token` arrives as {options: {get_client_auth_token}}.
const NESTED = "options.get_client_auth_token";

function flat(values) {
  const { options: nested, ...rest } = values ?? {};
  if (nested && typeof nested === "object" && "get_client_auth_token" in nested) {
    rest[NESTED] = nested.get_client_auth_token;
  }
  return rest;
}

function nest(key, value, into) {
  if (key === NESTED) {
    into.options = { ...(into.options ?? {}), get_client_auth_token: value };
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
