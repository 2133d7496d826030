// What a TypeScript developer writes with openapi-typescript's types
// (generated/openapi.d.ts, from generate.mjs): compiled with tsc --strict by
// types.mjs. Each `@ts-expect-error` line must fail to compile, or tsc fails.

import type { components, operations } from "./generated/openapi.js";

type CustomerRequest = components["schemas"]["CustomerRequest"];
type CustomerRequestForm = components["schemas"]["CustomerRequestForm"];
type Customer = components["schemas"]["Customer"];
type ErrorBody = components["schemas"]["ErrorBody"];

// The docs' minimal request: the two required fields, nothing else.
const required = { object_reference_id: "customer@gmail.com", mobile_number: "99887766" };
export const minimal: CustomerRequest = required;

// The docs' full request, the option included.
export const full: CustomerRequest = {
  object_reference_id: "customer@gmail.com",
  mobile_number: "99887766",
  email_address: "customer@gmail.com",
  first_name: "John",
  last_name: "Smith",
  mobile_country_code: "65",
  "options.get_client_auth_token": true,
};

// In JSON an optional field may be null (absent); in a form it may not.
export const withNulls: CustomerRequest = { ...minimal, first_name: null, "options.get_client_auth_token": null };
export const form: CustomerRequestForm = { ...required, mobile_country_code: "65", "options.get_client_auth_token": false };
// @ts-expect-error a form has no null
export const formWithNull: CustomerRequestForm = { ...required, first_name: null };

// @ts-expect-error object_reference_id is required
export const noReference: CustomerRequest = { mobile_number: "99887766" };
// @ts-expect-error mobile_number is required
export const noNumber: CustomerRequest = { object_reference_id: "customer@gmail.com" };
// @ts-expect-error the option is a boolean, not the text "true"
export const textOption: CustomerRequest = { ...minimal, "options.get_client_auth_token": "true" };
// @ts-expect-error a number is not a mobile_number
export const numberNumber: CustomerRequest = { ...minimal, mobile_number: 99887766 };

// An operation's parts: the merchant id header is required.
type Create = operations["createCustomer"];
export const headers: Create["parameters"]["header"] = { "x-merchantid": "merchant_id" };
// @ts-expect-error x-merchantid is required
export const noHeaders: Create["parameters"]["header"] = {};
export const body: NonNullable<Create["requestBody"]>["content"]["application/x-www-form-urlencoded"] = form;

// The answers, typed: 200 is a customer, 400 an error body.
export function describe(status: 200, answer: Customer): string;
export function describe(status: 400, answer: ErrorBody): string;
export function describe(status: number, answer: Customer | ErrorBody): string {
  return "id" in answer ? `customer ${answer.id}` : `refused: ${answer.error_info?.code ?? answer.error_code}`;
}
const ok: Create["responses"][200]["content"]["application/json"] = { id: "cst_afdeuvmfhs3j1acm", object_reference_id: "customer@gmail.com" };
const refused: Create["responses"][400]["content"]["application/json"] = { error_code: "unique", error_info: { code: "ALREADY_EXISTS" } };
export const described = [describe(200, ok), describe(400, refused)];
