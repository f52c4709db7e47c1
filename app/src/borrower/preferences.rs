//! The borrower's preferences, every field of the contract in plain words,
//! and "could the bank contact me now about …?".
//!
//! The form is edited in the browser and saved whole with the version it was
//! read at: if staff or a bank system changed the settings meanwhile, nothing
//! is overwritten; the page says so and shows the settings as they now are.

use leptos::prelude::*;
use reachguard_domain::{Channel, Language};

use super::api::{CheckContact, SavePreferences, load_preferences};
use super::types::{ChannelChoice, PreferencesForm, Refusal, SaveOutcome, WindowForm};
use crate::components::{LoadError, Loading};
use crate::i18n::{self, W, t, use_language};

const DAYS: [&str; 7] = ["mon", "tue", "wed", "thu", "fri", "sat", "sun"];
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
        <Suspense fallback=Loading>
            {move || Suspend::new(async move {
                match data.await {
                    Err(error) => view! { <LoadError error/> }.into_any(),
                    Ok(form) => view! { <PreferencesEditor initial=form/> }.into_any(),
                }
            })}
        </Suspense>
    }
}

/// After a button moved a channel, keyboard focus stays on it.
fn focus_later(id: String) {
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

/// Messages beside a section: those whose field starts with `prefix`.
fn messages_for(
    refusals: Signal<Vec<Refusal>>,
    prefix: impl Into<String>,
) -> impl Fn() -> Vec<String> + Send + Sync + 'static {
    let prefix: String = prefix.into();
    move || {
        refusals
            .get()
            .into_iter()
            .filter(|r| {
                if prefix.is_empty() {
                    r.field.is_empty()
                } else {
                    r.field.starts_with(&prefix)
                }
            })
            .map(|r| r.message)
            .collect()
    }
}

#[component]
fn SectionErrors(id: String, messages: Signal<Vec<String>>) -> impl IntoView {
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
    use crate::links::api::SaveByLink;
    use crate::staff::api::SaveOnBehalf;
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

/// One purpose: its channels in the borrower's order, each accepted or not,
/// moved with buttons that work from the keyboard.
#[component]
fn PurposeChannels(
    form: RwSignal<PreferencesForm>,
    i: usize,
    refused: Signal<Vec<Refusal>>,
) -> impl IntoView {
    let language = use_language();
    let (purpose, label, essential) = form.with_untracked(|f| {
        (
            f.purposes[i].purpose.clone(),
            f.purposes[i].label.clone(),
            f.purposes[i].essential,
        )
    });
    let error_id = format!("purpose-{}-error", purpose.replace('.', "-"));
    let prefix = format!("purposes.{purpose}");
    let moved = move |from: usize, to: usize, focus: String| {
        form.update(|f| f.purposes[i].channels.swap(from, to));
        focus_later(focus);
    };
    let rows = move || {
        let channels: Vec<ChannelChoice> = form.with(|f| f.purposes[i].channels.clone());
        let last = channels.len() - 1;
        channels
            .into_iter()
            .enumerate()
            .map(|(n, choice)| {
                let key = format!("{}-{}", purpose.replace('.', "-"), choice.channel.as_str());
                let check_id = format!("accept-{key}");
                let up_id = format!("up-{key}");
                let down_id = format!("down-{key}");
                let name = i18n::channel_name(choice.channel, language);
                let (up_focus, down_focus) = (up_id.clone(), down_id.clone());
                view! {
                    <li class="channel-row">
                        <input type="checkbox" id=check_id.clone() prop:checked=choice.accepted
                            on:change=move |ev| {
                                let accepted = event_target_checked(&ev);
                                form.update(|f| f.purposes[i].channels[n].accepted = accepted);
                            }/>
                        <label for=check_id>{name}</label>
                        <span class="order-buttons">
                            <button type="button" class="icon-button" id=up_id disabled=n == 0
                                aria-label=format!("{} {}", t(W::MoveUp), name)
                                on:click=move |_| moved(n, n - 1, if n == 1 { down_focus.clone() } else { up_focus.clone() })>
                                "↑"
                            </button>
                            <button type="button" class="icon-button" id=down_id.clone() disabled=n == last
                                aria-label=format!("{} {}", t(W::MoveDown), name)
                                on:click={
                                    let down_id = down_id.clone();
                                    move |_| moved(n, n + 1, down_id.clone())
                                }>
                                "↓"
                            </button>
                        </span>
                    </li>
                }
            })
            .collect_view()
    };
    // Closed, each purpose is one line saying what it accepts now; opened,
    // its channels can be changed. A phone shows the whole form at a glance.
    let now_accepted = move || {
        let names: Vec<String> = form.with(|f| {
            f.purposes[i]
                .channels
                .iter()
                .filter(|c| c.accepted)
                .map(|c| i18n::channel_name(c.channel, language).to_owned())
                .collect()
        });
        if names.is_empty() {
            W::NotAccepted.text(language).to_owned()
        } else {
            i18n::join(&names, language)
        }
    };
    // A purpose with a message opens to show it; saving never closes one
    // the borrower opened.
    let details = NodeRef::<leptos::html::Details>::new();
    {
        let prefix = prefix.clone();
        Effect::new(move |_| {
            let has_error = refused.get().iter().any(|r| r.field.starts_with(&prefix));
            if let (true, Some(details)) = (has_error, details.get()) {
                details.set_open(true);
            }
        });
    }
    view! {
        <details class="purpose" node_ref=details>
            <summary>
                <span class="purpose-name">{label.clone()}</span>
                <span class="purpose-now">{now_accepted}</span>
                <span class="purpose-change" aria-hidden="true">{t(W::Change)}" ›"</span>
            </summary>
            <fieldset aria-describedby=error_id.clone()>
                <legend class="visually-hidden">{label}</legend>
                {essential.then(|| view! { <p class="hint">{t(W::SecurityAlertsAlways)}</p> })}
                <ol class="channel-list">{rows}</ol>
                <SectionErrors id=error_id.clone() messages=Signal::derive(messages_for(refused, prefix))/>
            </fieldset>
        </details>
    }
}

#[component]
fn ContactWindows(form: RwSignal<PreferencesForm>, refused: Signal<Vec<Refusal>>) -> impl IntoView {
    let language = use_language();
    let rows = move || {
        let windows = form.with(|f| f.windows.clone());
        if windows.is_empty() {
            return view! { <p>{t(W::AnyTimeExplain)}</p> }.into_any();
        }
        windows
            .into_iter()
            .enumerate()
            .map(|(n, w)| {
                let prefix = format!("windows.{n}");
                let start_id = format!("window-{n}-start");
                let end_id = format!("window-{n}-end");
                view! {
                    <fieldset class="window">
                        <legend>{format!("{} {}", t(W::ContactTime), n + 1)}</legend>
                        <div class="days">
                            {DAYS.into_iter().map(|day| {
                                let id = format!("window-{n}-{day}");
                                let checked = w.days.iter().any(|d| d == day);
                                view! {
                                    <span class="day">
                                        <input type="checkbox" id=id.clone() prop:checked=checked
                                            on:change=move |ev| {
                                                let on = event_target_checked(&ev);
                                                form.update(|f| {
                                                    let days = &mut f.windows[n].days;
                                                    days.retain(|d| d != day);
                                                    if on {
                                                        days.push(day.to_owned());
                                                        days.sort_by_key(|d| DAYS.iter().position(|x| x == d));
                                                    }
                                                });
                                            }/>
                                        <label for=id>{i18n::day_name(day, language)}</label>
                                    </span>
                                }
                            }).collect_view()}
                        </div>
                        <div class="times">
                            <label for=start_id.clone()>{t(W::From)}</label>
                            <input type="time" id=start_id prop:value=w.start.clone()
                                on:change=move |ev| form.update(|f| f.windows[n].start = event_target_value(&ev))/>
                            <label for=end_id.clone()>{t(W::To)}</label>
                            <input type="time" id=end_id prop:value=w.end.clone()
                                on:change=move |ev| form.update(|f| f.windows[n].end = event_target_value(&ev))/>
                        </div>
                        <SectionErrors id=format!("window-{n}-error") messages=Signal::derive(messages_for(refused, prefix))/>
                        <button type="button" class="button small"
                            on:click=move |_| form.update(|f| { f.windows.remove(n); })>
                            {t(W::RemoveTime)}
                        </button>
                    </fieldset>
                }
            })
            .collect_view()
            .into_any()
    };
    view! {
        <section class="card" aria-labelledby="windows-heading">
            <h2 id="windows-heading">{t(W::ContactTimes)}</h2>
            <p class="hint">{t(W::ContactTimesExplain)}</p>
            {rows}
            <button type="button" class="button"
                on:click=move |_| form.update(|f| f.windows.push(WindowForm {
                    days: DAYS[..5].iter().map(|d| (*d).to_owned()).collect(),
                    start: "18:00".into(),
                    end: "20:00".into(),
                }))>
                {t(W::AddTime)}
            </button>
        </section>
    }
}

#[component]
fn Snooze(form: RwSignal<PreferencesForm>, refused: Signal<Vec<Refusal>>) -> impl IntoView {
    let (week, month) = form.with_untracked(|f| (f.in_a_week.clone(), f.in_a_month.clone()));
    let set = move |date: Option<String>| form.update(|f| f.snooze_until = date);
    let (w2, m2) = (week.clone(), month.clone());
    view! {
        <section class="card" aria-labelledby="snooze-heading">
            <h2 id="snooze-heading">{t(W::Snooze)}</h2>
            <p class="hint">{t(W::SnoozeExplain)}</p>
            <div class="choice">
                <input type="radio" id="snooze-none" name="snooze"
                    prop:checked=move || form.with(|f| f.snooze_until.is_none())
                    on:change=move |_| set(None)/>
                <label for="snooze-none">{t(W::NotPaused)}</label>
            </div>
            <div class="choice">
                <input type="radio" id="snooze-week" name="snooze"
                    prop:checked=move || form.with(|f| f.snooze_until.as_deref() == Some(week.as_str()))
                    on:change=move |_| set(Some(w2.clone()))/>
                <label for="snooze-week">{t(W::ForAWeek)}</label>
            </div>
            <div class="choice">
                <input type="radio" id="snooze-month" name="snooze"
                    prop:checked=move || form.with(|f| f.snooze_until.as_deref() == Some(month.as_str()))
                    on:change=move |_| set(Some(m2.clone()))/>
                <label for="snooze-month">{t(W::ForAMonth)}</label>
            </div>
            <label for="snooze-date">{t(W::UntilDate)}</label>
            <input type="date" id="snooze-date" aria-describedby="snooze-error"
                prop:value=move || form.with(|f| f.snooze_until.clone().unwrap_or_default())
                on:change=move |ev| {
                    let value = event_target_value(&ev);
                    set((!value.is_empty()).then_some(value));
                }/>
            <SectionErrors id="snooze-error".into() messages=Signal::derive(messages_for(refused, "snooze_until"))/>
        </section>
    }
}

/// "Could the bank contact me now about …?", answered by the same rules
/// that answer the bank's systems, with the settings as last saved.
#[component]
fn CheckNow(form: RwSignal<PreferencesForm>) -> impl IntoView {
    let language = use_language();
    let check = ServerAction::<CheckContact>::new();
    let purposes = form.with_untracked(|f| {
        f.purposes
            .iter()
            .map(|p| (p.purpose.clone(), p.label.clone()))
            .collect::<Vec<_>>()
    });
    view! {
        <section class="card" aria-labelledby="check-heading">
            <h2 id="check-heading">{t(W::CouldTheBankContactMe)}</h2>
            <p class="hint">{t(W::CheckExplain)}</p>
            <ActionForm action=check attr:class="check-form">
                <label for="check-purpose">{t(W::About)}</label>
                <select id="check-purpose" name="purpose">
                    {purposes.into_iter().map(|(value, label)| view! { <option value=value>{label}</option> }).collect_view()}
                </select>
                <label for="check-channel">{t(W::By)}</label>
                <select id="check-channel" name="channel">
                    {Channel::DEFAULT_ORDER.into_iter().map(|c| view! {
                        <option value=c.as_str()>{i18n::channel_name(c, language)}</option>
                    }).collect_view()}
                </select>
                <button type="submit" class="button">{t(W::Check)}</button>
            </ActionForm>
            <div aria-live="polite" class="check-answer">
                {move || check.value().get().map(|answer| match answer {
                    Ok(a) => view! {
                        <p class=if a.allowed { "notice notice-ok" } else { "notice notice-warning" }>
                            {if a.allowed { t(W::YesAllowedNow) } else { t(W::NoNotNow) }}
                        </p>
                        <ul class="reasons">{a.reasons.into_iter().map(|r| view! { <li>{r}</li> }).collect_view()}</ul>
                        {a.next_allowed.map(|n| view! { <p>{n}</p> })}
                        {(!a.allowed && !a.others_allowed_now.is_empty()).then(|| view! {
                            <p>{i18n::allowed_instead(&i18n::join(&a.others_allowed_now, language), language)}</p>
                        })}
                    }.into_any(),
                    Err(_) => view! { <p class="notice notice-error">{t(W::Unavailable)}</p> }.into_any(),
                })}
            </div>
        </section>
    }
}
