//! The policy: the pack's rules and the bank's narrower settings in words,
//! each version with who made it, when and what it changed; a supervisor
//! makes a new version, which may only narrow hours and lower caps.

use leptos::prelude::*;

use super::api::{ChangePolicy, policy_page};
use super::types::{Outcome, PolicyData};
use crate::components::{FieldMessage, LoadError, Loading, invalid, refusals, reload_when};
use crate::i18n::{W, t};

#[component]
pub fn PolicyPage() -> impl IntoView {
    let data = Resource::new(|| (), |_| policy_page());
    view! {
        <h1>{t(W::Policy)}</h1>
        <p>{t(W::PolicyExplain)}</p>
        <Suspense fallback=Loading>
            {move || Suspend::new(async move {
                match data.await {
                    Err(error) => view! { <LoadError error sign_in="/staff/signin"/> }.into_any(),
                    Ok(data) => view! { <PolicyView data/> }.into_any(),
                }
            })}
        </Suspense>
    }
}

#[component]
fn PolicyView(data: PolicyData) -> impl IntoView {
    view! {
        <section class="card">
            <h2>{t(W::InForce)}" · "<code id="policy-label">{data.label.clone()}</code></h2>
            <dl class="facts">
                {data.rules.clone().into_iter().map(|(what, value)| view! { <dt>{what}</dt><dd>{value}</dd> }).collect_view()}
            </dl>
        </section>
        {data.may_change.then(|| view! { <PolicyForm data=data.clone()/> })}
        <section class="card">
            <h2>{t(W::Versions)}</h2>
            <ol class="choice-list" id="policy-history">
                {data.history.into_iter().map(|v| view! {
                    <li>
                        <p class="contact-meta"><code>{v.label}</code>" · "<time>{v.when}</time>" · "{v.by}</p>
                        <ul>{v.changes.into_iter().map(|c| view! { <li>{c}</li> }).collect_view()}</ul>
                    </li>
                }).collect_view()}
            </ol>
        </section>
    }
}

// An island in the staff pages' wasm; left out of the borrowers' wasm,
// where it is never shown (see the `staff-islands` feature).
#[cfg_attr(any(feature = "ssr", feature = "staff-islands"), island)]
#[cfg_attr(not(any(feature = "ssr", feature = "staff-islands")), component)]
fn PolicyForm(data: PolicyData) -> impl IntoView {
    let action = ServerAction::<ChangePolicy>::new();
    reload_when(move || matches!(action.value().get(), Some(Ok(Outcome::Done))));
    let refused = Signal::derive(move || refusals(action.value().get()));
    let form_error = move || {
        refused
            .get()
            .into_iter()
            .find(|r| r.field.is_empty())
            .map(|r| r.message)
    };
    let pair = move |id: &'static str, word: W, start: String, end: String| {
        let (start_name, end_name) = match id {
            "marketing_hours" => ("marketing_start", "marketing_end"),
            "collections_hours" => ("collections_start", "collections_end"),
            _ => ("service_start", "service_end"),
        };
        let error_id = format!("{id}-error");
        let described_by = error_id.clone();
        view! {
            <fieldset aria-describedby=described_by>
                <legend>{t(word)}</legend>
                <div class="time-pair">
                    <div>
                        <label for=start_name>{t(W::From)}</label>
                        <input id=start_name name=start_name type="time" value=start aria-invalid=invalid(refused, id)/>
                    </div>
                    <div>
                        <label for=end_name>{t(W::To)}</label>
                        <input id=end_name name=end_name type="time" value=end aria-invalid=invalid(refused, id)/>
                    </div>
                </div>
                <FieldMessage id=error_id field=id refusals=refused/>
            </fieldset>
        }
    };
    view! {
        <section class="card">
            <h2>{t(W::NewVersion)}</h2>
            <p class="hint">{t(W::NewVersionHint)}</p>
            <ActionForm action=action>
                <input type="hidden" name="version" value=data.version.to_string()/>
                {pair("marketing_hours", W::MarketingHours, data.marketing_start, data.marketing_end)}
                {pair("collections_hours", W::CollectionsHours, data.collections_start, data.collections_end)}
                {pair("service_hours", W::ServiceHours, data.service_start, data.service_end)}
                <label for="collections_limit">{t(W::CollectionsLimit)}</label>
                <input id="collections_limit" name="collections_limit" inputmode="numeric" value=data.collections_limit
                    aria-describedby="collections_limit-error" aria-invalid=invalid(refused, "collections_limit")/>
                <FieldMessage id="collections_limit-error" field="collections_limit" refusals=refused/>
                <label for="marketing_limit">{t(W::MarketingLimit)}</label>
                <input id="marketing_limit" name="marketing_limit" inputmode="numeric" value=data.marketing_limit
                    aria-describedby="marketing_limit-error" aria-invalid=invalid(refused, "marketing_limit")/>
                <FieldMessage id="marketing_limit-error" field="marketing_limit" refusals=refused/>
                <label for="topics">{t(W::BankTopics)}</label>
                <textarea id="topics" name="topics" rows="3" spellcheck="false"
                    aria-describedby="topics-hint marketing_topics-error" aria-invalid=invalid(refused, "marketing_topics")>{data.topics}</textarea>
                <p class="hint" id="topics-hint">{t(W::BankTopicsHint)}</p>
                <FieldMessage id="marketing_topics-error" field="marketing_topics" refusals=refused/>
                {move || form_error().map(|m| view! { <p class="notice notice-error" role="alert">{m}</p> })}
                <button type="submit" class="button primary" disabled=move || action.pending().get()>
                    {t(W::SaveNewVersion)}
                </button>
            </ActionForm>
        </section>
    }
}
