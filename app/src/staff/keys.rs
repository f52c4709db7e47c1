//! API keys of bank systems: who has one, with which scopes, when it was
//! last used; an admin creates one (shown once) or revokes one.

use crate::error::PageError;
use leptos::prelude::*;
use leptos::task::spawn_local;

use super::types::*;
use crate::components::{FieldMessage, Loaded, invalid};
use crate::i18n::{W, t};
#[cfg(feature = "ssr")]
use crate::ssr::*;

#[component]
pub fn KeysPage() -> impl IntoView {
    let data = Resource::new(|| (), |_| api_keys());
    view! {
        <h1>{t(W::ApiKeys)}</h1>
        <p>{t(W::ApiKeysExplain)}</p>
        <Loaded data sign_in="/staff/signin" let:data>
            <KeysManager data/>
        </Loaded>
    }
}

// An island in the staff pages' wasm; left out of the borrowers' wasm,
// where it is never shown (see the `staff-islands` feature).
#[cfg_attr(any(feature = "ssr", feature = "staff-islands"), island)]
#[cfg_attr(not(any(feature = "ssr", feature = "staff-islands")), component)]
fn KeysManager(data: KeysData) -> impl IntoView {
    let may_manage = data.may_manage;
    let scopes = data.scopes.clone();
    let keys = RwSignal::new(data.keys);
    let refresh = move || {
        spawn_local(async move {
            if let Ok(data) = api_keys().await {
                keys.set(data.keys);
            }
        })
    };
    let create = ServerAction::<CreateKey>::new();
    let revoke = ServerAction::<RevokeKey>::new();
    Effect::new(move || {
        if create.version().get() + revoke.version().get() > 0 {
            refresh();
        }
    });
    let confirming = RwSignal::new(None::<String>);
    let name = RwSignal::new(String::new());
    let chosen = RwSignal::new(Vec::<String>::new());
    let refused = Signal::derive(move || match create.value().get() {
        Some(Ok(KeyCreated::Refused(refusals))) => refusals,
        _ => Vec::<Refusal>::new(),
    });
    let created = move || match create.value().get() {
        Some(Ok(KeyCreated::Created { name, key })) => Some((name, key)),
        _ => None,
    };
    let revoke_failed = move || match revoke.value().get() {
        Some(Ok(Outcome::Refused(r))) => r.first().map(|r| r.message.clone()),
        Some(Err(_)) => Some(t(W::Unavailable).to_owned()),
        _ => None,
    };
    let row = move |key: super::types::KeyView| {
        let revoked = key.revoked.clone();
        let name_for_revoke = key.name.clone();
        let name_for_confirm = key.name.clone();
        let is_confirming = move || confirming.get().as_deref() == Some(name_for_confirm.as_str());
        view! {
            <tr class:revoked=revoked.is_some()>
                <th scope="row">{key.name.clone()}</th>
                <td>{key.scopes.join(", ")}</td>
                <td>{key.created}" · "{key.created_by}</td>
                <td>{key.last_used.unwrap_or_else(|| t(W::Never).to_owned())}</td>
                <td>
                    {match revoked.clone() {
                        Some(when) => view! { <span class="status-revoked">{t(W::Revoked)}" "{when}</span> }.into_any(),
                        None if may_manage => view! {
                            <Show when=is_confirming fallback=move || {
                                let name = name_for_revoke.clone();
                                view! {
                                    <button type="button" class="button danger-outline"
                                        on:click=move |_| confirming.set(Some(name.clone()))>
                                        {t(W::Revoke)}
                                    </button>
                                }
                            }>
                                {
                                    let name = key.name.clone();
                                    view! {
                                        <div class="confirm" role="group" aria-label=t(W::Revoke)>
                                            <p>{t(W::RevokeConfirm)}</p>
                                            <button type="button" class="button danger"
                                                on:click=move |_| {
                                                    revoke.dispatch(RevokeKey { name: name.clone() });
                                                    confirming.set(None);
                                                }>
                                                {t(W::RevokeKey)}
                                            </button>
                                            <button type="button" class="button" on:click=move |_| confirming.set(None)>
                                                {t(W::Cancel)}
                                            </button>
                                        </div>
                                    }
                                }
                            </Show>
                        }.into_any(),
                        None => view! { <span>{t(W::Active)}</span> }.into_any(),
                    }}
                </td>
            </tr>
        }
    };
    view! {
        {move || revoke_failed().map(|m| view! { <p class="notice notice-error" role="alert">{m}</p> })}
        <div class="table-scroll" tabindex="0" role="region" aria-label=t(W::ApiKeys)>
            <table class="data-table">
                <thead>
                    <tr>
                        <th scope="col">{t(W::KeyName)}</th>
                        <th scope="col">{t(W::Scopes)}</th>
                        <th scope="col">{t(W::Created)}</th>
                        <th scope="col">{t(W::LastUsed)}</th>
                        <th scope="col">{t(W::Status)}</th>
                    </tr>
                </thead>
                <tbody>
                    {move || keys.get().into_iter().map(row).collect_view()}
                </tbody>
            </table>
        </div>
        {may_manage.then(|| view! {
            <section class="card">
                <h2>{t(W::NewKey)}</h2>
                {move || created().map(|(name, key)| view! {
                    <div class="notice notice-ok" role="status">
                        <p>{crate::i18n::key_created(&name, crate::i18n::use_language())}</p>
                        <code class="secret new-key">{key}</code>
                        <p class="hint">{t(W::KeyShownOnce)}</p>
                    </div>
                })}
                <form on:submit=move |ev| {
                    ev.prevent_default();
                    create.dispatch(CreateKey { name: name.get(), scopes: chosen.get() });
                }>
                    <label for="key-name">{t(W::KeyName)}</label>
                    <input id="key-name" name="name" required maxlength="64"
                        aria-describedby="key-name-hint name-error" aria-invalid=invalid(refused, "name")
                        prop:value=move || name.get() on:input=move |ev| name.set(event_target_value(&ev))/>
                    <p class="hint" id="key-name-hint">{t(W::KeyNameHint)}</p>
                    <FieldMessage id="name-error" field="name" refusals=refused/>
                    <fieldset aria-describedby="scopes-error">
                        <legend>{t(W::Scopes)}</legend>
                        {scopes.into_iter().map(|scope| {
                            let id = format!("scope-{}", scope.replace('.', "-"));
                            let (s1, s2) = (scope.clone(), scope.clone());
                            view! {
                                <div class="check">
                                    <input type="checkbox" id=id.clone()
                                        prop:checked=move || chosen.get().contains(&s1)
                                        on:change=move |ev| {
                                            let on = event_target_checked(&ev);
                                            chosen.update(|c| {
                                                c.retain(|x| x != &s2);
                                                if on { c.push(s2.clone()); }
                                            });
                                        }/>
                                    <label for=id><code>{scope}</code></label>
                                </div>
                            }
                        }).collect_view()}
                    </fieldset>
                    <FieldMessage id="scopes-error" field="scopes" refusals=refused/>
                    <button type="submit" class="button primary" disabled=move || create.pending().get()>
                        {t(W::CreateKey)}
                    </button>
                </form>
            </section>
        })}
    }
}

#[server(prefix = "/staff/api", endpoint = "keys")]
pub async fn api_keys() -> Result<KeysData, PageError> {
    use reachguard_core::keys::Scope;
    let member = staff_may(StaffAction::ViewApiKeys).await?;
    let (services, zone) = staff_services().await?;
    let keys = reachguard_core::keys::list(&services)
        .await
        .map_err(staff_unavailable)?;
    Ok(KeysData {
        keys: keys
            .into_iter()
            .map(|key| KeyView {
                name: key.name,
                scopes: key.scopes.split_whitespace().map(str::to_owned).collect(),
                created: staff_time_of(key.created_at, zone),
                created_by: key.created_by,
                last_used: key.last_used_at.map(|t| staff_time_of(t, zone)),
                revoked: key.revoked_at.map(|t| staff_time_of(t, zone)),
            })
            .collect(),
        scopes: Scope::ALL.iter().map(|s| s.as_str().to_owned()).collect(),
        may_manage: member.may(StaffAction::ManageApiKeys),
    })
}

#[server(prefix = "/staff/api", endpoint = "create_key")]
pub async fn create_key(
    name: String,
    #[server(default)] scopes: Vec<String>,
) -> Result<KeyCreated, PageError> {
    use reachguard_core::keys::{KeyError, Scope, create_api_key};
    use reachguard_core::records::CreateError;
    use reachguard_domain::Actor;
    let member = staff_may(StaffAction::ManageApiKeys).await?;
    let language = use_language();
    let refused = |field: &str, word: W| {
        Ok(KeyCreated::Refused(vec![Refusal {
            field: field.to_owned(),
            message: word.text(language).to_owned(),
        }]))
    };
    let Ok(scopes) = scopes
        .iter()
        .map(|s| s.parse::<Scope>())
        .collect::<Result<Vec<_>, _>>()
    else {
        return refused("scopes", W::ChooseScopes);
    };
    let actor = Actor::staff(&member.username).map_err(staff_unavailable)?;
    match create_api_key(&services()?.db, &name, &scopes, &actor).await {
        Ok(key) => Ok(KeyCreated::Created {
            name: name.trim().to_owned(),
            key,
        }),
        Err(KeyError::BadName) => refused("name", W::KeyNameRules),
        Err(KeyError::NoScope) => refused("scopes", W::ChooseScopes),
        Err(KeyError::Create(CreateError::Exists(_))) => refused("name", W::KeyNameTaken),
        Err(error) => Err(staff_unavailable(error)),
    }
}

#[server(prefix = "/staff/api", endpoint = "revoke_key")]
pub async fn revoke_key(name: String) -> Result<Outcome, PageError> {
    let member = staff_may(StaffAction::ManageApiKeys).await?;
    let revoked = reachguard_core::keys::revoke(&services()?, &name, &member.actor())
        .await
        .map_err(staff_unavailable)?;
    Ok(if revoked {
        Outcome::Done
    } else {
        Outcome::refused("", W::NoSuchKey.text(use_language()))
    })
}
