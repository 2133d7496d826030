// juspay-customer/zod: a zod schema for the Create Customer fields whose
// checks are the crate's own (through the WebAssembly build), per field,
// with its plain-language messages. Parsing gives the values as they will
// be sent: normalized when asked, `mobile_country_code` filled in.
import { z } from "zod";
import { rules, validateFields } from "juspay-customer";

/**
 * The schema. `options` are the validate functions' (`normalize`,
 * `dropInvalidOptional`, `strict`, `messages`). Each refused field is an
 * issue at its path with the person-facing message (`userMessage`), and
 * `params: {reason, code, message}` for code that wants the rest.
 */
export function customerSchema(options) {
  // The API's keys and each one's type, from the crate's rules; the checks
  // themselves are the crate's, below.
  const shape = Object.fromEntries(
    Object.entries(rules()).map(([key, rule]) => [key, (rule.type === "boolean" ? z.boolean() : z.string()).nullish()]),
  );
  return z
    .object(shape)
    .transform((value, ctx) => {
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
