//! The policy: the pack's rules and the bank's narrower settings in words,
//! each version with who made it, when and what it changed; a supervisor
//! makes a new version, which may only narrow hours and lower caps.

// A server function takes a form's fields as its arguments: this form
// has more than seven, and the client half the macro makes needs the
// allow too.
#![allow(clippy::too_many_arguments)]

use crate::error::PageError;
use leptos::prelude::*;

use super::types::*;
use crate::components::{FieldMessage, Loaded, invalid, refusals, reload_when};
use crate::i18n::{W, t};
#[cfg(feature = "ssr")]
use crate::ssr::*;
#[cfg(feature = "ssr")]
use draft::{DraftFields, draft_from_form, pack_refusals};

#[cfg(feature = "ssr")]
mod draft;
mod what_if;

#[component]
pub fn PolicyPage() -> impl IntoView {
    let data = Resource::new(|| (), |_| policy_page());
    view! {
        <h1>{t(W::Policy)}</h1>
        <p>{t(W::PolicyExplain)}</p>
        <Loaded data sign_in="/staff/signin" let:data>
            <PolicyView data/>
        </Loaded>
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
                        {v.tried.map(|(summary, found)| view! {
                            <details class="what-if-kept">
                                <summary>{summary}</summary>
                                <what_if::Found found live=false/>
                            </details>
                        })}
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
    // The what-if tries the form's fields as they are now, unpublished.
    let form = NodeRef::<leptos::html::Form>::new();
    let try_draft = ServerAction::<what_if::StartWhatIf>::new();
    let (run, set_run) = signal(None::<String>);
    Effect::new(move |_| match try_draft.value().get() {
        Some(Ok(WhatIfStarted::Started(id))) => set_run.set(Some(id)),
        Some(_) => set_run.set(None),
        None => {}
    });
    let draft_refused = Signal::derive(move || match try_draft.value().get() {
        Some(Ok(WhatIfStarted::Refused(r))) => r,
        _ => Vec::new(),
    });
    let start_what_if = move |_| {
        #[cfg(feature = "hydrate")]
        {
            use leptos::form::FromFormData;
            use leptos::wasm_bindgen::JsCast;
            let fields = form
                .get_untracked()
                .and_then(|f| web_sys::FormData::new_with_form(f.unchecked_ref()).ok())
                .and_then(|data| what_if::StartWhatIf::from_form_data(&data).ok());
            if let Some(fields) = fields {
                try_draft.dispatch(fields);
            }
        }
        #[cfg(not(feature = "hydrate"))]
        let _ = (form, try_draft);
    };
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
            <ActionForm action=action node_ref=form>
                <input type="hidden" name="version" value=data.version.to_string()/>
                // The run tried last: publishing these settings keeps what
                // it found with the version.
                <input type="hidden" name="what_if" prop:value=move || run.get().unwrap_or_default()/>
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
                <fieldset class="what-if-form">
                    <legend>{t(W::WhatIf)}</legend>
                    <p class="hint">{t(W::WhatIfExplain)}</p>
                    <label for="what-if-days">{t(W::WhatIfDays)}</label>
                    <select id="what-if-days" name="days">
                        <option value="30">{t(W::LastThirtyDays)}</option>
                        <option value="7">{t(W::LastSevenDays)}</option>
                    </select>
                    {move || draft_refused.get().into_iter().map(|r| view! { <p class="notice notice-error" role="alert">{r.message}</p> }).collect_view()}
                    <button type="button" class="button" on:click=start_what_if disabled=move || try_draft.pending().get()>
                        {t(W::TryDraft)}
                    </button>
                </fieldset>
            </ActionForm>
            <what_if::WhatIfResults run/>
        </section>
    }
}

#[server(prefix = "/staff/api", endpoint = "policy")]
pub async fn policy_page() -> Result<PolicyData, PageError> {
    use reachguard_domain::BankSettings;
    use reachguard_domain::pack::MARKETING_CONTACTS_PER_CHANNEL_PER_30_DAYS;
    let member = staff_may(StaffAction::ViewPolicy).await?;
    let language = use_language();
    let (services, zone) = staff_services().await?;
    let history = reachguard_core::policy::history(&services)
        .await
        .map_err(staff_unavailable)?;
    // The newest version as the history read it, not the decisions' short
    // cache: the page shows a version the moment it is made.
    let current = match history.first() {
        Some(newest) => newest.policy.clone(),
        None => reachguard_core::policy::newest(&services)
            .await
            .map_err(staff_unavailable)?,
    };
    let (pack, settings) = (current.pack, &current.settings);
    let hours = |purpose: &str, bank: Option<reachguard_domain::LocalHours>| {
        let legal = pack
            .legal_hours(&purpose.parse().expect("a built-in purpose"))
            .map(|h| h.to_string())
            .unwrap_or_default();
        i18n::pack_and_bank(&legal, bank.map(|h| h.to_string()).as_deref(), language)
    };
    let cap = pack.collections_cap().limit();
    let rules = vec![
        (
            W::MarketingHours.text(language).to_owned(),
            hours("marketing.credit_card", settings.marketing_hours),
        ),
        (
            W::CollectionsHours.text(language).to_owned(),
            hours("collections", settings.collections_hours),
        ),
        (
            W::ServiceHours.text(language).to_owned(),
            hours("loan_servicing", settings.service_hours),
        ),
        (
            W::CollectionsLimit.text(language).to_owned(),
            i18n::pack_and_bank(
                &cap.to_string(),
                settings.collections_limit.map(|n| n.to_string()).as_deref(),
                language,
            ),
        ),
        (
            W::MarketingLimit.text(language).to_owned(),
            i18n::pack_and_bank(
                &MARKETING_CONTACTS_PER_CHANNEL_PER_30_DAYS.to_string(),
                settings.marketing_limit.map(|n| n.to_string()).as_deref(),
                language,
            ),
        ),
        (
            W::MarketingTopics.text(language).to_owned(),
            current
                .purposes()
                .iter()
                .filter(|p| p.is_marketing())
                .map(|p| i18n::purpose_name(&p.to_string(), &current, language))
                .collect::<Vec<_>>()
                .join(", "),
        ),
    ];
    let time = |h: Option<reachguard_domain::LocalHours>, start: bool| {
        h.map(|h| if start { h.start } else { h.end }.to_string())
            .unwrap_or_default()
    };
    let empty = BankSettings::default();
    let views = history
        .iter()
        .enumerate()
        .map(|(i, v)| {
            let before = history
                .get(i + 1)
                .map_or(&empty, |older| &older.policy.settings);
            PolicyVersionView {
                label: v.policy.label(),
                when: staff_time_of(v.created_at, zone),
                by: v.created_by.clone(),
                tried: v.tried.clone().map(|tried| {
                    let when = staff_time(tried.at, zone);
                    let (decisions, changed) = (tried.found.decisions, tried.found.changed);
                    (
                        i18n::what_if_kept(tried.days, &when, decisions, changed, language),
                        what_if::what_if_view(tried.found, &v.policy, zone, language),
                    )
                }),
                changes: v
                    .policy
                    .settings
                    .changes_from(before)
                    .iter()
                    .map(|c| i18n::setting_change(c, language))
                    .collect(),
            }
        })
        .collect();
    Ok(PolicyData {
        label: current.label(),
        version: current.version,
        rules,
        marketing_start: time(settings.marketing_hours, true),
        marketing_end: time(settings.marketing_hours, false),
        collections_start: time(settings.collections_hours, true),
        collections_end: time(settings.collections_hours, false),
        service_start: time(settings.service_hours, true),
        service_end: time(settings.service_hours, false),
        collections_limit: settings
            .collections_limit
            .map(|n| n.to_string())
            .unwrap_or_default(),
        marketing_limit: settings
            .marketing_limit
            .map(|n| n.to_string())
            .unwrap_or_default(),
        topics: settings
            .marketing_topics
            .iter()
            .map(|topic| match settings.topic_names.get(topic) {
                Some(name) => format!("{topic} | {} | {}", name.zh, name.en),
                None => topic.clone(),
            })
            .collect::<Vec<_>>()
            .join("\n"),
        history: views,
        may_change: member.may(StaffAction::ChangePolicy),
    })
}

/// A new policy version from the form. Hours and caps left empty are the
/// pack's; anything looser than the pack is refused, naming the rule.
#[server(prefix = "/staff/api", endpoint = "change_policy")]
pub async fn change_policy(
    version: i64,
    #[server(default)] marketing_start: String,
    #[server(default)] marketing_end: String,
    #[server(default)] collections_start: String,
    #[server(default)] collections_end: String,
    #[server(default)] service_start: String,
    #[server(default)] service_end: String,
    #[server(default)] collections_limit: String,
    #[server(default)] marketing_limit: String,
    #[server(default)] topics: String,
    #[server(default)] what_if: String,
) -> Result<Outcome, PageError> {
    use reachguard_core::policy::NotPublished;
    use reachguard_domain::Actor;
    let member = staff_may(StaffAction::ChangePolicy).await?;
    let language = use_language();
    let settings = match draft_from_form(
        DraftFields {
            marketing: (&marketing_start, &marketing_end),
            collections: (&collections_start, &collections_end),
            service: (&service_start, &service_end),
            collections_limit: &collections_limit,
            marketing_limit: &marketing_limit,
            topics: &topics,
        },
        language,
    ) {
        Ok(settings) => settings,
        Err(refusals) => return Ok(Outcome::Refused(refusals)),
    };
    let actor = Actor::staff(&member.username).map_err(staff_unavailable)?;
    let tried = Some(what_if.trim()).filter(|run| !run.is_empty());
    match reachguard_core::policy::publish(&services()?, &settings, &actor, version, tried)
        .await
        .map_err(staff_unavailable)?
    {
        Ok(_) => {
            leptos_axum::redirect("/staff/policy");
            Ok(Outcome::Done)
        }
        Err(NotPublished::Refused(errors)) => Ok(Outcome::Refused(pack_refusals(errors, language))),
        Err(NotPublished::ChangedMeanwhile) => Ok(Outcome::refused(
            "",
            W::PolicyChangedMeanwhile.text(language),
        )),
    }
}
