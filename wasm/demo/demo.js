// The sign-up page's logic: every rule, limit, hint and message comes from
// the WebAssembly build of juspay-customer; nothing here knows a rule.
import init, { checkField, rules, validateFields } from "../pkg/web/juspay_customer_wasm.js";

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

/** Messages read better with the field's label than with its API name. */
function sentence(input, error) {
  const label = input.labels[0].firstChild.textContent.trim();
  return label + error.message.slice(error.field.length);
}

/** Checks one input; returns whether it is accepted. */
function check(input) {
  const error = checkField(input.name, input.value);
  const shown = document.getElementById(`${input.name}-error`);
  // A required field left empty is only an error once it was touched.
  const quiet = error && input.value === "" && !input.dataset.touched;
  input.setAttribute("aria-invalid", String(Boolean(error) && !quiet));
  shown.textContent = error && !quiet ? sentence(input, error) : "";
  return !error;
}

function update() {
  const accepted = inputs.map(check).every(Boolean);
  submit.disabled = !accepted;
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
  const verdict = validateFields(fields);
  result.replaceChildren();
  const heading = document.createElement("p");
  const body = document.createElement("pre");
  body.id = "body";
  if (verdict.valid) {
    heading.textContent = "This form body would be sent to POST /customers:";
    body.textContent = verdict.body;
  } else {
    heading.textContent = "Not sent:";
    body.textContent = verdict.errors.map((e) => e.message).join("\n");
  }
  result.append(heading, body);
});
