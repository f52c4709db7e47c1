//! SMS messages from customers that Reachguard could not act on: the ones
//! that were no keyword, and those from numbers no customer has. An agent
//! reads each, records the change asked for on the customer's page, and
//! marks it handled with a note. This page's server functions are here
//! beside it.

use crate::error::PageError;
use leptos::prelude::*;
use serde::{Deserialize, Serialize};

use crate::components::{FieldMessage, Loaded, invalid};
use crate::i18n::{W, t};
use crate::staff::types::{Outcome, Refusal};

/// A message as the page lists it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct MessageView {
    /// The API client (gateway) that forwarded it; with `message_id` it
    /// names the message.
    pub client: String,
    pub message_id: String,
    pub received: String,
    pub from: String,
    pub text: String,
    /// Null for an unknown number.
    pub customer_id: Option<String>,
    /// When, by whom and with what note it was handled.
    pub handled: Option<(String, String, String)>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct InboundData {
    pub messages: Vec<MessageView>,
    pub may_handle: bool,
    pub handled_too: bool,
    /// Older messages lie beyond this page.
    pub more: bool,
}

/// The most messages the page shows at once.

#[server(prefix = "/staff/api", endpoint = "inbound")]
pub async fn inbound(
    #[server(default)] handled_too: bool,
    #[server(default)] page: u32,
) -> Result<InboundData, PageError> {
    use crate::ssr::{bank_zone, staff_may, staff_time_of, staff_unavailable};
    use reachguard_domain::StaffAction;
    let member = staff_may(StaffAction::ViewInbound).await?;
    let services = crate::ssr::services()?;
    let zone = bank_zone(&services).await?;
    let (found, more) = reachguard_core::inbound::waiting(&services, handled_too, page)
        .await
        .map_err(staff_unavailable)?;
    let messages = found
        .into_iter()
        .map(|m| MessageView {
            received: staff_time_of(m.received_at, zone),
            handled: m.handled_at.map(|at| {
                (
                    staff_time_of(at, zone),
                    m.handled_by.clone().unwrap_or_default(),
                    m.handled_note.clone().unwrap_or_default(),
                )
            }),
            client: m.client,
            message_id: m.message_id,
            from: m.from_phone,
            // Kept as it came; shown with hidden characters written out.
            text: reachguard_core::text::visible(&m.text),
            customer_id: m.customer_id,
        })
        .collect();
    Ok(InboundData {
        messages,
        may_handle: member.may(StaffAction::HandleInbound),
        handled_too,
        more,
    })
}

#[server(prefix = "/staff/api", endpoint = "handle_message")]
pub async fn handle_message(
    client: String,
    message_id: String,
    note: String,
) -> Result<Outcome, PageError> {
    use crate::ssr::{staff_may, staff_unavailable};
    use reachguard_core::inbound::NotHandled;
    use reachguard_domain::StaffAction;
    let member = staff_may(StaffAction::HandleInbound).await?;
    let language = crate::i18n::use_language();
    let services = crate::ssr::services()?;
    match reachguard_core::inbound::handle(&services, &client, &message_id, &member.username, &note)
        .await
        .map_err(staff_unavailable)?
    {
        Ok(()) => Ok(Outcome::Done),
        Err(NotHandled::Note) => Ok(Outcome::refused("note", W::NoteHint.text(language))),
        Err(NotHandled::Already) => Ok(Outcome::refused("", W::AlreadyHandled.text(language))),
    }
}

#[component]
pub fn InboundPage() -> impl IntoView {
    let query = leptos_router::hooks::use_query_map();
    let handled_too = query.with_untracked(|q| q.get("handled").is_some_and(|v| v == "1"));
    let page: u32 =
        query.with_untracked(|q| q.get("page").and_then(|p| p.parse().ok()).unwrap_or(0));
    let data = Resource::new(|| (), move |_| inbound(handled_too, page));
    view! {
        <h1>{t(W::InboundMessages)}</h1>
        <p>{t(W::InboundMessagesExplain)}</p>
        <p>
            {if handled_too {
                view! { <a href="/staff/inbound">{t(W::WaitingOnly)}</a> }.into_any()
            } else {
                view! { <a href="/staff/inbound?handled=1">{t(W::HandledToo)}</a> }.into_any()
            }}
        </p>
        <Loaded data sign_in="/staff/signin" let:loaded>
            {match loaded {
                data if data.messages.is_empty() => view! {
                    <p class="notice">{t(W::NoMessagesWaiting)}</p>
                }.into_any(),
                data => {
                    let older = data.more.then(|| {
                        let handled = if data.handled_too { "handled=1&" } else { "" };
                        view! {
                            <p><a href=format!("/staff/inbound?{handled}page={}", page + 1)>{t(W::OlderMessages)}</a></p>
                        }
                    });
                    view! {
                        <ul class="message-list">
                            {data.messages.into_iter().map(|message| view! {
                                <Message message may_handle=data.may_handle/>
                            }).collect_view()}
                        </ul>
                        {older}
                    }.into_any()
                },
            }}
        </Loaded>
    }
}

#[component]
fn Message(message: MessageView, may_handle: bool) -> impl IntoView {
    let who = match &message.customer_id {
        Some(id) => view! {
            <a href=format!("/staff/customers/{id}")>{id.clone()}</a>
        }
        .into_any(),
        None => view! { <span class="tag tag-bad">{t(W::UnknownNumber)}</span> }.into_any(),
    };
    let record_change = message
        .customer_id
        .clone()
        .filter(|_| may_handle)
        .map(|id| {
            view! {
                <a class="button" href=format!("/staff/customers/{id}/change")>{t(W::RecordChange)}</a>
            }
        });
    view! {
        <li class="card message">
            <p class="message-meta">
                {message.received.clone()}" · "{message.from.clone()}" · "{who}
            </p>
            <p class="message-text quoted" dir="auto">{message.text.clone()}</p>
            {match message.handled.clone() {
                Some((when, by, note)) => view! {
                    <p class="notice notice-ok">{t(W::Handled)}" "{when}" · "{by}": "{note}</p>
                }.into_any(),
                None if may_handle => view! {
                    <div class="message-actions">
                        <HandleForm client=message.client.clone() message_id=message.message_id.clone()/>
                        {record_change}
                    </div>
                }.into_any(),
                None => ().into_any(),
            }}
        </li>
    }
}

// An island in the staff pages' wasm; left out of the borrowers' wasm,
// where it is never shown (see the `staff-islands` feature).
#[cfg_attr(any(feature = "ssr", feature = "staff-islands"), island)]
#[cfg_attr(not(any(feature = "ssr", feature = "staff-islands")), component)]
fn HandleForm(client: String, message_id: String) -> impl IntoView {
    let action = ServerAction::<HandleMessage>::new();
    let refused = Signal::derive(move || match action.value().get() {
        Some(Ok(Outcome::Refused(refusals))) => refusals,
        Some(Err(_)) => vec![Refusal {
            field: String::new(),
            message: t(W::Unavailable).to_owned(),
        }],
        _ => Vec::new(),
    });
    let done = move || matches!(action.value().get(), Some(Ok(Outcome::Done)));
    let id = format!(
        "note-{}",
        message_id.replace(|c: char| !c.is_ascii_alphanumeric(), "-")
    );
    let error_id = format!("{id}-error");
    view! {
        <Show when=done fallback=move || {
            let (id, error_id) = (id.clone(), error_id.clone());
            let (client, message_id) = (client.clone(), message_id.clone());
            view! {
                <ActionForm action=action attr:class="handle-form">
                    <input type="hidden" name="client" value=client/>
                    <input type="hidden" name="message_id" value=message_id/>
                    <label for=id.clone()>{t(W::Note)}</label>
                    <input id=id name="note" required maxlength="500"
                        aria-describedby=error_id.clone() aria-invalid=invalid(refused, "note")/>
                    <FieldMessage id=error_id.clone() field="note" refusals=refused/>
                    <FieldMessage id=format!("{error_id}-form") field="" refusals=refused/>
                    <button type="submit" class="button" disabled=move || action.pending().get()>
                        {t(W::MarkHandled)}
                    </button>
                </ActionForm>
            }
        }>
            <p class="notice notice-ok" role="status">{t(W::Handled)}</p>
        </Show>
    }
}
