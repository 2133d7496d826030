// The sign-up page's logic: every rule, limit, hint and message comes from
// the WebAssembly build of juspay-customer; nothing here knows a rule.
import init, { rules, validateFields } from "../pkg/web/juspay_customer_wasm.js";

await init();

const form = document.getElementById("signup");
const submit = document.getElementById("submit");
const result = document.getElementById("result");
const all = rules();
const inputs = [...form.querySelectorAll("input")];

// The rule, in words, under each field, and "(optional)" where it is.
for (const input of inputs) {
  const rule = all[input.name];
  document.getElementById(`${input.name}-hint`).textContent = rule.hint;
  if (!rule.required) {
    const mark = document.createElement("span");
    mark.className = "optional";
    mark.textContent = " (optional)";
    input.labels[0].append(mark);
  }
}

/** The page's own labels for the plain-language messages (`userMessage`). */
const messages = {
  labels: Object.fromEntries(inputs.map((i) => [i.name, i.labels[0].firstChild.textContent.trim()])),
};

/** What will be sent: the form normalized as the CLI's --normalize does, so
 * `+91 98765-43210` is accepted and its country code split off. */
const options = { normalize: true, messages };

/** Shows one input's error from the whole form's verdict; returns whether it is accepted. */
function check(input, verdict) {
  const error = verdict.valid ? null : verdict.errors.find((e) => e.field === input.name) ?? null;
  const shown = document.getElementById(`${input.name}-error`);
  // A required field left empty is only an error once it was touched.
  const quiet = error && input.value === "" && !input.dataset.touched;
  input.setAttribute("aria-invalid", String(Boolean(error) && !quiet));
  shown.textContent = error && !quiet ? error.userMessage : "";
  return !error;
}

function update() {
  const verdict = validateFields(Object.fromEntries(inputs.map((i) => [i.name, i.value])), options);
  inputs.map((input) => check(input, verdict));
  submit.disabled = !verdict.valid;
}

for (const input of inputs) {
  input.addEventListener("input", () => {
    input.dataset.touched = "1";
    update();
  });
}
update();

form.addEventListener("submit", (event) => {
  event.preventDefault();
  const fields = Object.fromEntries(inputs.map((i) => [i.name, i.value]));
  const verdict = validateFields(fields, options);
  result.replaceChildren();
  const heading = document.createElement("p");
  const body = document.createElement("pre");
  body.id = "body";
  if (verdict.valid) {
    heading.textContent = "This form body would be sent to POST /customers:";
    body.textContent = verdict.body;
  } else {
    heading.textContent = "Not sent:";
    body.textContent = verdict.errors.map((e) => e.userMessage).join("\n");
  }
  result.append(heading, body);
});
