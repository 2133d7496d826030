import type { z } from "zod";
import type { CheckOptions, Fields } from "juspay-customer";

/**
 * A zod schema for the Create Customer fields whose checks are the crate's
 * own, per field, with its plain-language messages (`userMessage`) and
 * `params: {reason, code, message}`. Parsing gives the values as they will
 * be sent: normalized when `options.normalize`, `mobile_country_code`
 * filled in. The WebAssembly build loads on the first parse: use
 * `parseAsync` or `safeParseAsync` (zodResolver does).
 */
export function customerSchema(options?: CheckOptions): z.ZodType<Fields, any, Fields>;
