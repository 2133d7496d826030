// juspay-customer/zod: a zod schema for the Create Customer fields whose
// checks are the crate's own (through the WebAssembly build), per field,
// with its plain-language messages. Parsing gives the values as they will
// be sent: normalized when asked, `mobile_country_code` filled in.
//
// The WebAssembly build is imported on the first parse (a dynamic
// `import`), so a bundler splits it out of the page's first bundle; parse
// with `parseAsync` or `safeParseAsync` (zodResolver does).
import { z } from "zod";

/** The package, loaded once. */
let loaded;
const load = () => (loaded ??= import("juspay-customer"));

/**
 * The schema. `options` are the validate functions' (`normalize`,
 * `dropInvalidOptional`, `strict`, `country`, `messages`). Each refused
 * field is an issue at its path with the person-facing message
 * (`userMessage`), and `params: {reason, code, message}` for code that wants
 * the rest. The keys and each value's type are the crate's to check: a
 * number where a string belongs is its `wrong_type` issue, and keys other
 * than the API's are left out of what parsing gives.
 */
export function customerSchema(options) {
  return z.record(z.string(), z.unknown()).transform(async (value, ctx) => {
    const { validateFields } = await load();
    const verdict = validateFields(value, options);
    if (verdict.valid) return verdict.fields;
    for (const error of verdict.errors) {
      ctx.addIssue({
        code: "custom",
        path: error.field ? [error.field] : [],
        message: error.userMessage,
        params: { reason: error.reason, code: error.code, message: error.message },
      });
    }
    return z.NEVER;
  });
}
