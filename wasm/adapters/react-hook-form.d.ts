import type { FieldValues, Resolver } from "react-hook-form";
import type { CheckOptions } from "juspay-customer";

/**
 * A react-hook-form resolver that checks the form with the crate's own rules:
 * each refused field gets the person-facing message (`userMessage`) and its
 * reason as `type`; a valid form submits the values as they will be sent
 * (normalized when `options.normalize`, `mobile_country_code` filled in).
 * Register `options.get_client_auth_token` under that name.
 */
export function juspayResolver<T extends FieldValues = FieldValues>(options?: CheckOptions): Resolver<T>;
