//! The audit log: every staff action and preference change, newest first,
//! with filters, a CSV export of what the filters select, and "verify",
//! which walks the hash chain and names the first entry that does not match.

use crate::error::PageError;
use leptos::prelude::*;
use leptos_router::hooks::use_query_map;

use super::types::*;
use crate::components::Loaded;
use crate::i18n::{W, t};
#[cfg(feature = "ssr")]
use crate::ssr::*;

const FILTERS: [(&str, W, &str); 5] = [
    ("actor", W::AuditActor, "text"),
    ("action", W::AuditAction, "text"),
    ("subject", W::AuditSubject, "text"),
    ("from", W::FromDate, "date"),
    ("until", W::ToDate, "date"),
];

#[component]
pub fn AuditPage() -> impl IntoView {
    let query = use_query_map();
    let get = move |name: &str| query.with(|q| q.get(name).unwrap_or_default());
    let data = Resource::new(
        move || {
            (
                get("actor"),
                get("action"),
                get("subject"),
                get("from"),
                get("until"),
                get("before").parse::<i64>().ok(),
            )
        },
        |(actor, action, subject, from, until, before)| {
            audit_log(actor, action, subject, from, until, before)
        },
    );
    // The same filters, for the export and the next page.
    let filters = move || {
        FILTERS
            .iter()
            .map(|(name, _, _)| (*name, get(name)))
            .filter(|(_, value)| !value.is_empty())
            .map(|(name, value)| format!("{name}={}", crate::url::encode(&value)))
            .collect::<Vec<_>>()
            .join("&")
    };
    view! {
        <h1>{t(W::AuditLog)}</h1>
        <p>{t(W::AuditLogExplain)}</p>
        <VerifyChain/>
        <form method="get" action="/staff/audit" class="card filters">
            <h2>{t(W::Filters)}</h2>
            <div class="filter-grid">
                {FILTERS.iter().map(|(name, word, kind)| {
                    let id = format!("filter-{name}");
                    view! {
                        <div>
                            <label for=id.clone()>{t(*word)}</label>
                            <input id=id name=*name type=*kind value=move || get(name)/>
                        </div>
                    }
                }).collect_view()}
            </div>
            <p class="hint">{t(W::AuditFilterHint)}</p>
            <div class="actions-left">
                <button type="submit" class="button primary">{t(W::ApplyFilters)}</button>
                <a class="button" href="/staff/audit">{t(W::ClearFilters)}</a>
                <a class="button" rel="external" download="reachguard-audit.csv"
                    href=move || format!("/staff/audit.csv?{}", filters())>{t(W::ExportCsv)}</a>
            </div>
        </form>
        <Loaded data sign_in="/staff/signin" let:loaded>
            {match loaded {
                page if page.entries.is_empty() => view! { <p class="notice">{t(W::NoAuditEntries)}</p> }.into_any(),
                page => view! {
                    <div class="table-scroll" tabindex="0" role="region" aria-label=t(W::AuditLog)>
                        <table class="data-table audit-table">
                            <thead>
                                <tr>
                                    <th scope="col">"#"</th>
                                    <th scope="col">{t(W::When)}</th>
                                    <th scope="col">{t(W::AuditActor)}</th>
                                    <th scope="col">{t(W::AuditAction)}</th>
                                    <th scope="col">{t(W::AuditSubject)}</th>
                                    <th scope="col">{t(W::Details)}</th>
                                </tr>
                            </thead>
                            <tbody>
                                {page.entries.into_iter().map(|e| view! {
                                    <tr id=format!("audit-{}", e.seq)>
                                        <td>{e.seq}</td>
                                        <td class="when">{e.when}</td>
                                        <td>{e.actor}</td>
                                        <td><code>{e.action}</code></td>
                                        <td>{e.subject}</td>
                                        <td><code class="details">{e.details}</code></td>
                                    </tr>
                                }).collect_view()}
                            </tbody>
                        </table>
                    </div>
                    {page.older.map(|before| {
                        let href = match filters() {
                            f if f.is_empty() => format!("/staff/audit?before={before}"),
                            f => format!("/staff/audit?{f}&before={before}"),
                        };
                        view! { <p class="pager"><a class="button" href=href>{t(W::OlderEntries)}</a></p> }
                    })}
                }.into_any(),
            }}
        </Loaded>
    }
}

// An island in the staff pages' wasm; left out of the borrowers' wasm,
// where it is never shown (see the `staff-islands` feature).
#[cfg_attr(any(feature = "ssr", feature = "staff-islands"), island)]
#[cfg_attr(not(any(feature = "ssr", feature = "staff-islands")), component)]
fn VerifyChain() -> impl IntoView {
    let verify = ServerAction::<VerifyAudit>::new();
    let result = move || {
        verify.value().get().map(|result| match result {
            Ok(found) if found.intact => view! {
                <p class="notice notice-ok verify-result" role="status">{found.message}</p>
            }
            .into_any(),
            Ok(found) => view! {
                <p class="notice notice-error verify-result" role="alert">
                    {found.message}" "
                    {found.broken_at.map(|seq| view! { <a href=format!("/staff/audit?before={}", seq + 1)>{t(W::ShowEntry)}</a> })}
                </p>
            }
            .into_any(),
            Err(_) => view! { <p class="notice notice-error" role="alert">{t(W::Unavailable)}</p> }.into_any(),
        })
    };
    view! {
        <section class="card">
            <h2>{t(W::VerifyChain)}</h2>
            <p class="hint">{t(W::VerifyExplain)}</p>
            <button type="button" class="button primary" disabled=move || verify.pending().get()
                on:click=move |_| { verify.dispatch(VerifyAudit {}); }>
                {t(W::Verify)}
            </button>
            {result}
        </section>
    }
}

/// A page of the audit log, newest first. Filters are optional; dates are
/// `YYYY-MM-DD` in the bank's zone, `until` inclusive.
#[server(prefix = "/staff/api", endpoint = "audit")]
pub async fn audit_log(
    #[server(default)] actor: String,
    #[server(default)] action: String,
    #[server(default)] subject: String,
    #[server(default)] from: String,
    #[server(default)] until: String,
    #[server(default)] before: Option<i64>,
) -> Result<AuditData, PageError> {
    staff_may(StaffAction::ViewAudit).await?;
    let (services, zone) = staff_services().await?;
    let filter =
        reachguard_core::audit::filter_from_form(&actor, &action, &subject, &from, &until, zone);
    let (entries, older) = reachguard_core::audit::page(&services, &filter, before)
        .await
        .map_err(staff_unavailable)?;
    Ok(AuditData {
        entries: entries
            .into_iter()
            .map(|e| AuditView {
                seq: e.seq,
                when: staff_time_of(e.at, zone),
                actor: e.actor,
                action: e.action,
                subject: e.subject,
                details: e.details,
            })
            .collect(),
        older,
    })
}

#[server(prefix = "/staff/api", endpoint = "verify_audit")]
pub async fn verify_audit() -> Result<VerifyView, PageError> {
    staff_may(StaffAction::ViewAudit).await?;
    let services = services()?;
    let found = reachguard_core::audit::verify_chain(&services.db)
        .await
        .map_err(staff_unavailable)?;
    let language = use_language();
    Ok(match found.first_break {
        None => VerifyView {
            intact: true,
            broken_at: None,
            message: i18n::audit_intact(found.verified, language),
        },
        Some((seq, why)) => VerifyView {
            intact: false,
            broken_at: Some(seq),
            message: i18n::audit_broken(seq, why, language),
        },
    })
}
