// Type tests for the builds' declarations (`tsc -p tests/tsconfig.json`,
// strict): what must compile, and with `@ts-expect-error`, what must not:
// tsc fails when an expected error does not happen.

import { checkField, rules, validateFields, validateForm } from "../pkg/web/juspay_customer_wasm.js";
import type { FieldName, Fields, Reason } from "../pkg/web/juspay_customer_wasm.js";
import { parseResponse, validateJson } from "../pkg/node/juspay_customer_wasm.js";
import type { ResponseKind } from "../pkg/node/juspay_customer_wasm.js";

// Options are optional.
const verdict = validateForm("object_reference_id=cust_123489&mobile_number=99887766");
validateForm("object_reference_id=cust_123489&mobile_number=99887766", { normalize: true });
validateJson('{"object_reference_id":"cust_123489","mobile_number":"99887766"}');

// A verdict narrows on `valid`; reasons and fields are literal unions.
if (verdict.valid) {
  const body: string = verdict.body;
  void body;
} else {
  const reason: Reason = verdict.errors[0].reason;
  const field: FieldName | null = verdict.errors[0].field;
  // @ts-expect-error no errors on an invalid verdict's body
  void verdict.body;
  void reason;
  void field;
}

// Fields has exactly the API's keys.
const fields: Fields = {
  object_reference_id: "cust_123489",
  mobile_number: "99887766",
  "options.get_client_auth_token": true,
  email_address: null,
};
validateFields(fields);
// @ts-expect-error a typo'd key
validateFields({ mobile_numbr: "99887766" });
// @ts-expect-error a number is no field value
validateFields({ mobile_number: 99887766 });

// @ts-expect-error not a reason
const wrong: Reason = "not_a_reson";
void wrong;
// @ts-expect-error not a field name
checkField("phone", "99887766");
checkField("mobile_number", "99887766");
const rule = rules().mobile_number;
void rule.hint;
// @ts-expect-error rules() has the API's keys only
void rules().phone;
// @ts-expect-error a label for no field
validateForm("", { messages: { labels: { phone: "Phone" } } });

const kind: ResponseKind = parseResponse(200, "{}").kind;
// @ts-expect-error not a kind
const notKind: ResponseKind = "created";
void kind;
void notKind;
