//! The preferences editor's sections: channels per purpose, contact
//! times, a snooze, and "could the bank contact me now?".

use super::{SectionErrors, focus_later, is_about, messages_for};
use crate::borrower::types::*;
use crate::borrower::types::{ChannelChoice, PreferencesForm, Refusal, WindowForm};
use crate::error::PageError;
use crate::i18n::{self, W, t, use_language};
#[cfg(feature = "ssr")]
use crate::ssr::*;
use leptos::prelude::*;
use reachguard_domain::preferences::MAX_CONTACT_WINDOWS;
use reachguard_domain::{Channel, Day};

/// One purpose: its channels in the borrower's order, each accepted or not,
/// moved with buttons that work from the keyboard.
#[component]
pub(super) fn PurposeChannels(
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
            let has_error = refused.get().iter().any(|r| is_about(&r.field, &prefix));
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
pub(super) fn ContactWindows(
    form: RwSignal<PreferencesForm>,
    refused: Signal<Vec<Refusal>>,
) -> impl IntoView {
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
                            {Day::NAMES.into_iter().map(|day| {
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
                                                        days.sort_by_key(|d| Day::NAMES.iter().position(|x| x == d));
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
                disabled=move || form.with(|f| f.windows.len() >= MAX_CONTACT_WINDOWS)
                on:click=move |_| form.update(|f| f.windows.push(WindowForm {
                    days: Day::NAMES[..5].iter().map(|d| (*d).to_owned()).collect(),
                    start: "18:00".into(),
                    end: "20:00".into(),
                }))>
                {t(W::AddTime)}
            </button>
        </section>
    }
}

#[component]
pub(super) fn Snooze(
    form: RwSignal<PreferencesForm>,
    refused: Signal<Vec<Refusal>>,
) -> impl IntoView {
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
                max=form.with_untracked(|f| f.latest_snooze.clone())
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
pub(super) fn CheckNow(form: RwSignal<PreferencesForm>) -> impl IntoView {
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

#[server(endpoint = "check_contact")]
pub async fn check_contact(purpose: String, channel: String) -> Result<CheckView, PageError> {
    use reachguard_core::decide::{Asked, Request};
    use reachguard_domain::{Channel, Purpose, Question};
    let language = use_language();
    let customer = signed_in().await?;
    let services = services()?;
    let (_, policy, zone) = borrower_record(&services, &customer).await?;
    let (Ok(channel), Ok(purpose)) = (channel.parse::<Channel>(), purpose.parse::<Purpose>())
    else {
        return Err(PageError::Invalid(W::FormInvalid.text(language).to_owned()));
    };
    // Each answer is a kept decision: a day's worth is enough.
    if reachguard_core::quotas::may_check(&services, &customer)
        .await
        .map_err(unavailable)?
        .is_err()
    {
        return Err(too_many(W::TooManyChecks));
    }
    let request = Request {
        asked: Asked::Customer(customer),
        question: Question {
            channel,
            purpose,
            at: chrono::Utc::now(),
        },
    };
    let answer = services
        .decide(
            &policy,
            std::slice::from_ref(&request),
            reachguard_core::quotas::PORTAL_CHECKS,
            language,
        )
        .await
        .map_err(unavailable)?
        .answers
        .remove(0);
    let decision = answer.decision;
    Ok(CheckView {
        allowed: decision.allowed,
        reasons: reason_words(decision.reasons.iter().map(|r| r.code), language),
        next_allowed: decision
            .next_allowed_at
            .map(|at| i18n::next_allowed_at(&local_time(at, zone, language), language)),
        others_allowed_now: decision
            .alternatives
            .iter()
            .filter(|a| a.allowed)
            .map(|a| i18n::channel_name(a.channel, language).to_owned())
            .collect(),
    })
}
