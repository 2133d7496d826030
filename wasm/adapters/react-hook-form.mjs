// juspay-customer/react-hook-form: a resolver that checks a sign-up form
// with the crate's own rules and messages, and hands the values as they will
// be sent (normalized when asked) to the submit handler.
//
// The WebAssembly build is imported on the first validation (a dynamic
// `import`), so a bundler splits it out of the page's first bundle: the
// resolver itself adds about 1 KB; the rules arrive when the person first
// submits (or types, in `onChange` mode).

/** The package, loaded once, and the dotted keys of its rules. */
let loaded;
function load() {
  loaded ??= import("juspay-customer").then((crate) => ({
    validateFields: crate.validateFields,
    // react-hook-form reads a dotted name as a path: the form's
    // `options.get_client_auth_token` arrives as {options: {get_client_auth_token}}.
    // The dotted keys are the crate's (from its rules), split once.
    dotted: Object.keys(crate.rules())
      .filter((key) => key.includes("."))
      .map((key) => [key, ...key.split(".")]),
  }));
  return loaded;
}

/** react-hook-form's values, with the API's dotted keys flat. */
function flat(values, DOTTED) {
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
function nest(key, value, into, DOTTED) {
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
    const { validateFields, dotted } = await load();
    const verdict = validateFields(flat(values, dotted), options);
    if (verdict.valid) {
      const sent = {};
      for (const [key, value] of Object.entries(verdict.fields)) nest(key, value, sent, dotted);
      return { values: sent, errors: {} };
    }
    const errors = {};
    for (const error of verdict.errors) {
      const entry = { type: error.reason, message: error.userMessage };
      nest(error.field ?? "root", entry, errors, dotted);
    }
    return { values: {}, errors };
  };
}
