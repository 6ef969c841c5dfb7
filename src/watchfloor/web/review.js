// watchfloor dashboard: the analyst's review loop. A person with a review (or admin) token
// tells the system it is wrong; every verdict is stored with the token's name, time and
// note, shown where it applies, and can be undone. Loaded before app.js, whose helpers
// (el, send, route, Unauthorized) it uses when called.
"use strict";

const CLAIM_FIELDS = {
  polarity: { label: "polarity", choices: ["affirmed", "denied"] },
  modality: { label: "modality", choices: ["certain", "probable", "possible", "unknown"] },
  source: { label: "source", choices: null },
  cue: { label: "cue", choices: null },
  not_a_claim: { label: "not a claim", choices: [] },
};

let reviewCount = 0; // each form's fields get ids of their own

// Send a verdict (or an undo), then show the page again with what changed.
async function giveVerdict(body, status) {
  status.textContent = "saving…";
  try {
    const done = await send("/verdicts", body);
    status.textContent = `saved: ${done.verdict.description}${done.regraded.length ? `; graded again: #${done.regraded.join(", #")}` : ""}`;
    await route();
  } catch (error) {
    status.textContent = error instanceof Unauthorized ? "a review token is needed (watchfloor token create NAME --scope review)" : String(error.message || error);
  }
}

function verdictItem(v) {
  const status = el("span", { class: "muted", role: "status" });
  const undo = v.active
    ? el("button", {
        type: "button",
        class: "undo",
        "aria-label": `Undo verdict ${v.id}`,
        onclick: async () => {
          status.textContent = "undoing…";
          try { await send(`/verdicts/${v.id}/undo`, {}); await route(); } catch (error) { status.textContent = error instanceof Unauthorized ? "a review token is needed" : String(error.message || error); }
        },
      }, "undo")
    : null;
  const undone = v.active ? "" : ` — undone by ${v.undone_by} ${date(v.undone_at)}`;
  return el("li", { class: v.active ? "verdict" : "verdict undone", "data-verdict": v.id }, `${v.description}${undone} `, undo, status);
}

function verdictList(verdicts, title = "Verdicts") {
  if (!verdicts || !verdicts.length) return null;
  return el("section", { class: "verdicts" }, el("h3", { text: title }), el("ul", {}, verdicts.map(verdictItem)));
}

// The form under a claim in the reader: pick what is wrong, give the right value.
function claimReview(articleId, claim, propositionId) {
  const n = ++reviewCount;
  const status = el("p", { class: "muted", role: "status" });
  const field = el("select", { id: `rv-field-${n}` }, Object.entries(CLAIM_FIELDS).map(([k, f]) => el("option", { value: k, text: f.label })));
  const valueBox = el("span", { class: "rv-value" });
  let value = null;
  const showValue = () => {
    const spec = CLAIM_FIELDS[field.value];
    valueBox.replaceChildren();
    value = null;
    if (spec.choices === null) {
      value = el("input", { id: `rv-value-${n}`, autocomplete: "off", required: true });
    } else if (spec.choices.length) {
      const current = claim[field.value];
      value = el("select", { id: `rv-value-${n}` }, spec.choices.filter((c) => c !== current).map((c) => el("option", { value: c, text: c })));
    }
    if (value) valueBox.append(el("label", { for: `rv-value-${n}`, text: "right value" }), value);
  };
  field.addEventListener("change", showValue);
  showValue();
  const note = el("input", { id: `rv-note-${n}`, autocomplete: "off" });
  const form = el(
    "form",
    {
      class: "review-form",
      onsubmit: (event) => {
        event.preventDefault();
        giveVerdict({ kind: "claim", field: field.value, value: value ? value.value.trim() : null, note: note.value.trim(), article_id: Number(articleId), claim_id: claim.id }, status);
      },
    },
    el("label", { for: `rv-field-${n}`, text: "What is wrong" }), field, valueBox,
    el("label", { for: `rv-note-${n}`, text: "note" }), note,
    el("button", { type: "submit", text: "Save verdict" }),
  );
  const split = propositionId
    ? el("button", {
        type: "button",
        class: "split-out",
        onclick: () => giveVerdict({ kind: "split", field: "proposition", article_id: Number(articleId), claim_id: claim.id, proposition_id: Number(propositionId), note: note.value.trim() }, status),
      }, `Take out of proposition #${propositionId}`)
    : null;
  return el("details", { class: "review" }, el("summary", { text: "Correct this claim" }), form, split, status);
}

// The claim as the analyst corrected it: the active verdicts applied to the ledger's.
function reviewedClaim(claim, verdicts) {
  const out = { ...claim, corrected: [] };
  for (const v of [...verdicts].reverse()) { // oldest first
    if (!v.active || v.kind !== "claim" || v.claim_id !== claim.id) continue;
    if (v.field === "not_a_claim") out.not_a_claim = true;
    else if (v.field === "source" || v.field === "cue") out[v.field] = { ...(out[v.field] || {}), text: v.value, corrected: true };
    else out[v.field] = v.value;
    out.corrected.push(v.field);
  }
  return out;
}

// On a proposition: judge it true, false or unresolved, with a note.
function judgementForm(p) {
  const status = el("p", { class: "muted", role: "status" });
  const truth = el("select", { id: "judge-truth" }, ["true", "false", "unresolved"].map((t) => el("option", { value: t, text: t })));
  if (p.judgement) truth.value = p.judgement;
  const note = el("input", { id: "judge-note", autocomplete: "off" });
  const form = el(
    "form",
    { class: "review-form", onsubmit: (event) => { event.preventDefault(); giveVerdict({ kind: "proposition", field: "truth", value: truth.value, note: note.value.trim(), proposition_id: p.id }, status); } },
    el("label", { for: "judge-truth", text: "This proposition is" }), truth,
    el("label", { for: "judge-note", text: "note" }), note,
    el("button", { type: "submit", text: "Save judgement" }),
  );
  return el("details", { class: "review" }, el("summary", { text: "Judge this proposition" }), form, status);
}

function splitButton(c, p) {
  const status = el("span", { class: "muted", role: "status" });
  return el("span", {}, el("button", {
    type: "button",
    class: "split-out",
    "aria-label": `Take claim ${c.key} out of this proposition`,
    onclick: () => giveVerdict({ kind: "split", field: "proposition", article_id: c.article_id, claim_id: c.claim_id, proposition_id: p.id }, status),
  }, "split out"), status);
}

// On an alert: acknowledge, assign, dismiss as a false trigger.
function alertActions(a) {
  if (a.id === null || a.id === undefined) return null;
  const n = ++reviewCount;
  const status = el("span", { class: "muted", role: "status" });
  const say = (field, value) => giveVerdict({ kind: "alert", field, value, alert_id: a.id, note: note.value.trim() }, status);
  const note = el("input", { id: `al-note-${n}`, autocomplete: "off" });
  const who = el("input", { id: `al-who-${n}`, autocomplete: "off" });
  const state = a.review ? el("p", { class: `alert-review ${a.review.field}`, text: a.review.description }) : null;
  return el(
    "div",
    { class: "alert-actions" },
    state,
    el("details", { class: "review" }, el("summary", { text: "Handle this alert" }),
      el("div", { class: "review-form" },
        el("label", { for: `al-note-${n}`, text: "note" }), note,
        el("button", { type: "button", onclick: () => say("acknowledge", null) }, "Acknowledge"),
        el("button", { type: "button", onclick: () => say("dismiss", null) }, "Dismiss as false trigger"),
        el("label", { for: `al-who-${n}`, text: "assign to" }), who,
        el("button", { type: "button", onclick: () => { if (who.value.trim()) say("assign", who.value.trim()); } }, "Assign"),
      ),
      a.review ? verdictList([a.review], "Latest verdict") : null,
    ),
    status,
  );
}

// On an entity: the entities merged into it, each with a way to undo the merge.
function mergedList(e) {
  if (!e.merged || !e.merged.length) return null;
  const status = el("p", { class: "muted", role: "status" });
  return el(
    "section",
    {},
    el("h2", { text: "Merged into this entity" }),
    el("ul", {}, e.merged.map((m) => el("li", {}, `${m.name} (#${m.id})${m.merge_reason ? ": " + m.merge_reason : ""} `,
      el("button", { type: "button", onclick: () => giveVerdict({ kind: "unmerge", field: "merge", entity_id: m.id }, status) }, `Undo merge of ${m.name}`)))),
    status,
  );
}
