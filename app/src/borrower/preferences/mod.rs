//! The borrower's preferences, every field of the contract in plain words,
//! and "could the bank contact me now about …?".
//!
//! The form is edited in the browser and saved whole with the version it was
//! read at: if staff or a bank system changed the settings meanwhile, nothing
//! is overwritten; the page says so and shows the settings as they now are.

mod sections;

use crate::error::PageError;
use sections::{CheckNow, ContactWindows, PurposeChannels, Snooze};

use leptos::prelude::*;

use reachguard_domain::Language;

use super::types::{PreferencesForm, Refusal, SaveOutcome};

use crate::components::Loaded;

use crate::i18n::{W, t, use_language};

#[cfg(feature = "ssr")]
use crate::ssr::*;

/// Common zones offered as suggestions; any IANA name is accepted.
const ZONES: [&str; 10] = [
    "Asia/Shanghai",
    "Asia/Hong_Kong",
    "Asia/Taipei",
    "Asia/Singapore",
    "Asia/Tokyo",
    "Europe/London",
    "Europe/Berlin",
    "America/New_York",
    "America/Los_Angeles",
    "Australia/Sydney",
];

#[component]
pub fn PreferencesPage() -> impl IntoView {
    let data = Resource::new(|| (), |_| load_preferences());
    view! {
        <h1>{t(W::MyPreferences)}</h1>
        <Loaded data let:form>
            <PreferencesEditor initial=form/>
        </Loaded>
    }
}

/// After a button moved a channel, keyboard focus stays on it.
pub(super) fn focus_later(id: String) {
    #[cfg(feature = "hydrate")]
    request_animation_frame(move || {
        use leptos::wasm_bindgen::JsCast;
        if let Some(element) = document()
            .get_element_by_id(&id)
            .and_then(|e| e.dyn_into::<leptos::web_sys::HtmlElement>().ok())
        {
            let _ = element.focus();
        }
    });
    #[cfg(not(feature = "hydrate"))]
    let _ = id;
}

/// Whether a refusal of `field` belongs beside the part of the form named
/// `part`: the part itself or one inside it (`windows.1` holds
/// `windows.1.end`, not `windows.10`); the empty part is the whole form.
pub(super) fn is_about(field: &str, part: &str) -> bool {
    field == part
        || (!part.is_empty()
            && field
                .strip_prefix(part)
                .is_some_and(|rest| rest.starts_with('.')))
}

/// Messages beside a part of the form: those [`is_about`] it.
pub(super) fn messages_for(
    refusals: Signal<Vec<Refusal>>,
    prefix: impl Into<String>,
) -> impl Fn() -> Vec<String> + Send + Sync + 'static {
    let prefix: String = prefix.into();
    move || {
        refusals
            .get()
            .into_iter()
            .filter(|r| is_about(&r.field, &prefix))
            .map(|r| r.message)
            .collect()
    }
}

#[component]
pub(super) fn SectionErrors(id: String, messages: Signal<Vec<String>>) -> impl IntoView {
    view! {
        <div class="field-error" id=id role="alert">
            {move || messages.get().into_iter().map(|m| view! { <p>{m}</p> }).collect_view()}
        </div>
    }
}

/// The preferences editor: the borrower's own; with `on_behalf` naming a
/// customer, staff recording a change that customer asked for, with its
/// source (phone or branch) and a note; with `link`, a customer who opened
/// a preferences link in a message (its token is the credential).
#[island]
pub(crate) fn PreferencesEditor(
    initial: PreferencesForm,
    #[prop(optional)] on_behalf: Option<String>,
    #[prop(optional)] link: Option<String>,
) -> impl IntoView {
    use crate::links::SaveByLink;
    use crate::staff::SaveOnBehalf;
    let language = use_language();
    let form = RwSignal::new(initial);
    let save = ServerAction::<SavePreferences>::new();
    let save_for = ServerAction::<SaveOnBehalf>::new();
    let save_by_link = ServerAction::<SaveByLink>::new();
    let staff = on_behalf.is_some();
    let signed_in = !staff && link.is_none();
    let source = RwSignal::new(String::new());
    let note = RwSignal::new(String::new());
    let saved = Signal::derive(move || {
        save_for
            .value()
            .get()
            .or_else(|| save_by_link.value().get())
            .or_else(|| save.value().get())
    });
    let pending = Signal::derive(move || {
        save.pending().get() || save_for.pending().get() || save_by_link.pending().get()
    });
    let refusals = RwSignal::new(Vec::<Refusal>::new());
    // Which notice to show after a save: saved, or changed meanwhile.
    let notice = RwSignal::new(None::<W>);
    Effect::new(move |_| match saved.get() {
        Some(Ok(SaveOutcome::Saved(saved))) => {
            form.set(saved);
            refusals.set(Vec::new());
            notice.set(Some(W::Saved));
        }
        Some(Ok(SaveOutcome::Conflict(current))) => {
            form.set(current);
            refusals.set(Vec::new());
            notice.set(Some(W::ChangedMeanwhile));
        }
        Some(Ok(SaveOutcome::Refused(list))) => {
            refusals.set(list);
            notice.set(Some(W::NotSaved));
        }
        Some(Err(_)) => notice.set(Some(W::Unavailable)),
        None => {}
    });
    let refused: Signal<Vec<Refusal>> = refusals.into();
    // Effects run only in the browser, once this form has hydrated: until
    // then its buttons would do nothing, so Save waits for it.
    let ready = RwSignal::new(false);
    Effect::new(move |_| ready.set(true));
    let on_submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        notice.set(None);
        match (&on_behalf, &link) {
            (Some(customer_id), _) => {
                save_for.dispatch(SaveOnBehalf {
                    customer_id: customer_id.clone(),
                    form: form.get_untracked(),
                    source: source.get_untracked(),
                    note: note.get_untracked(),
                });
            }
            (None, Some(token)) => {
                save_by_link.dispatch(SaveByLink {
                    token: token.clone(),
                    form: form.get_untracked(),
                });
            }
            (None, None) => {
                save.dispatch(SavePreferences {
                    form: form.get_untracked(),
                });
            }
        }
    };
    let purpose_count = form.with_untracked(|f| f.purposes.len());
    let no_marketing = move || {
        form.with(|f| {
            f.purposes
                .iter()
                .filter(|p| p.marketing)
                .all(|p| p.channels.iter().all(|c| !c.accepted))
        })
    };

    view! {
        <form class="preferences" on:submit=on_submit novalidate data-ready=move || ready.get().to_string()>
            <div aria-live="polite">
                {move || notice.get().map(|word| {
                    let class = match word {
                        W::Saved => "notice notice-ok",
                        _ => "notice notice-warning",
                    };
                    view! { <p class=class role="status">{word.text(language)}</p> }
                })}
            </div>

            <section class="card" aria-labelledby="marketing-heading">
                <h2 id="marketing-heading">{t(W::Marketing)}</h2>
                <div class="switch-row">
                    <input type="checkbox" id="no-marketing" prop:checked=no_marketing
                        on:change=move |ev| {
                            if event_target_checked(&ev) {
                                form.update(|f| {
                                    for p in f.purposes.iter_mut().filter(|p| p.marketing) {
                                        for c in &mut p.channels {
                                            c.accepted = false;
                                        }
                                    }
                                });
                            }
                        }/>
                    <label for="no-marketing">{t(W::NoMarketingSwitch)}</label>
                </div>
                <p class="hint">{t(W::MarketingExplain)}</p>
            </section>

            <section class="card" aria-labelledby="channels-heading">
                <h2 id="channels-heading">{t(W::ChannelsPerPurpose)}</h2>
                <p class="hint">{t(W::ChannelsExplain)}</p>
                {(0..purpose_count).map(|i| view! { <PurposeChannels form i refused/> }).collect_view()}
            </section>

            <section class="card" aria-labelledby="calls-heading">
                <h2 id="calls-heading">{t(W::PhoneCalls)}</h2>
                <div class="switch-row">
                    <input type="checkbox" id="do-not-call" aria-describedby="do-not-call-hint"
                        prop:checked=move || form.with(|f| f.do_not_call)
                        on:change=move |ev| form.update(|f| f.do_not_call = event_target_checked(&ev))/>
                    <label for="do-not-call">{t(W::DoNotCallSwitch)}</label>
                </div>
                <p class="hint" id="do-not-call-hint">{t(W::DoNotCallExplain)}</p>
                <label for="max-calls">{t(W::WeeklyCallLimit)}</label>
                <select id="max-calls" aria-describedby="max-calls-error"
                    on:change=move |ev| {
                        let value = event_target_value(&ev);
                        form.update(|f| f.max_calls_per_week = value.parse().ok());
                    }>
                    <option value="" selected=move || form.with(|f| f.max_calls_per_week.is_none())>
                        {t(W::NoLimit)}
                    </option>
                    {(0u8..=21).map(|n| view! {
                        <option value=n.to_string() selected=move || form.with(|f| f.max_calls_per_week == Some(n))>
                            {n.to_string()}
                        </option>
                    }).collect_view()}
                </select>
                <SectionErrors id="max-calls-error".into() messages=Signal::derive(messages_for(refused, "max_calls_per_week"))/>
            </section>

            <ContactWindows form refused/>
            <Snooze form refused/>

            <section class="card" aria-labelledby="zone-heading">
                <h2 id="zone-heading">{t(W::TimeZoneAndLanguage)}</h2>
                <label for="time-zone">{t(W::TimeZone)}</label>
                <input id="time-zone" list="zones" aria-describedby="time-zone-error"
                    prop:value=move || form.with(|f| f.time_zone.clone())
                    on:change=move |ev| form.update(|f| f.time_zone = event_target_value(&ev))/>
                <datalist id="zones">
                    {ZONES.into_iter().map(|z| view! { <option value=z></option> }).collect_view()}
                </datalist>
                <SectionErrors id="time-zone-error".into() messages=Signal::derive(messages_for(refused, "time_zone"))/>
                <label for="contact-language">{t(W::LanguageForContact)}</label>
                <select id="contact-language"
                    on:change=move |ev| {
                        let tag = event_target_value(&ev);
                        if let Some(l) = Language::ALL.into_iter().find(|l| l.tag() == tag) {
                            form.update(|f| f.language = l);
                        }
                    }>
                    {Language::ALL.into_iter().map(|l| view! {
                        <option value=l.tag() selected=move || form.with(|f| f.language == l)>{l.own_name()}</option>
                    }).collect_view()}
                </select>
            </section>

            {staff.then(|| view! { <OnBehalf source note refused/> }.into_any())}
            <SectionErrors id="form-error".into() messages=Signal::derive(messages_for(refused, ""))/>
            <div class="actions">
                <button type="submit" class="button primary" disabled=move || !ready.get() || pending.get()>
                    {if staff { t(W::RecordChange) } else { t(W::SavePreferences) }}
                </button>
            </div>
        </form>
        // "Could the bank contact me now?" reads the signed-in borrower's
        // own contacts: not for staff, and not through a link.
        {signed_in.then(|| view! { <CheckNow form/> }.into_any())}
    }
}

/// Where the customer asked for the change, and what staff note about it.
#[component]
fn OnBehalf(
    source: RwSignal<String>,
    note: RwSignal<String>,
    refused: Signal<Vec<Refusal>>,
) -> impl IntoView {
    let choice = move |value: &'static str, word: W| {
        let id = format!("source-{value}");
        view! {
            <div class="choice">
                <input type="radio" name="source" id=id.clone() value=value
                    prop:checked=move || source.get() == value
                    on:change=move |_| source.set(value.to_owned())/>
                <label for=id>{t(word)}</label>
            </div>
        }
    };
    view! {
        <section class="card" aria-labelledby="on-behalf-heading">
            <h2 id="on-behalf-heading">{t(W::CustomersRequest)}</h2>
            <fieldset aria-describedby="source-error">
                <legend>{t(W::AskedBy)}</legend>
                {choice("phone", W::SourcePhone)}
                {choice("branch", W::SourceBranch)}
            </fieldset>
            <SectionErrors id="source-error".into() messages=Signal::derive(messages_for(refused, "source"))/>
            <label for="note">{t(W::Note)}</label>
            <textarea id="note" rows="3" maxlength="500" aria-describedby="note-hint note-error"
                prop:value=move || note.get() on:input=move |ev| note.set(event_target_value(&ev))></textarea>
            <p class="hint" id="note-hint">{t(W::NoteHint)}</p>
            <SectionErrors id="note-error".into() messages=Signal::derive(messages_for(refused, "note"))/>
        </section>
    }
}

#[server(endpoint = "load_preferences")]
pub async fn load_preferences() -> Result<PreferencesForm, PageError> {
    let customer = signed_in().await?;
    let services = services()?;
    let (record, policy, zone) = borrower_record(&services, &customer).await?;
    Ok(preferences_form(&record, &policy, zone, use_language()))
}

#[server(input = leptos::server_fn::codec::Json, endpoint = "save_preferences")]
pub async fn save_preferences(form: PreferencesForm) -> Result<SaveOutcome, PageError> {
    use reachguard_core::records::ChangeBy;
    use reachguard_domain::{Actor, Source};
    let customer = signed_in().await?;
    save_form(
        &services()?,
        &customer,
        &form,
        &ChangeBy::new(&Actor::Customer, Source::Web),
    )
    .await
}

#[cfg(test)]
mod tests {
    use super::is_about;

    #[test]
    fn a_refusal_sits_beside_its_own_part_of_the_form_and_no_other() {
        assert!(is_about("windows.1", "windows.1"));
        assert!(is_about("windows.1.end", "windows.1"));
        assert!(!is_about("windows.10", "windows.1"));
        assert!(is_about(
            "purposes.marketing.loans",
            "purposes.marketing.loans"
        ));
        assert!(!is_about("purposes.collections", "purposes.collection"));
        assert!(is_about("", ""));
        assert!(!is_about("time_zone", ""));
    }
}
