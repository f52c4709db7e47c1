//! Staff accounts: who may sign in, with which role, whether their second
//! factor is set up; an admin creates, disables, re-enables, changes role,
//! resets a second factor or a password, and lifts a lock. What the owner
//! needs (a set-up code, a temporary password) is shown once, to hand over.

use crate::error::PageError;
use leptos::prelude::*;
use leptos::task::spawn_local;

use super::types::{AccountOutcome, AccountView, AccountsData, HandOver, Refusal};
use crate::components::{FieldMessage, Loaded, invalid};
use crate::i18n::{W, t};
#[cfg(feature = "ssr")]
use crate::ssr::*;

#[component]
pub fn AccountsPage() -> impl IntoView {
    let data = Resource::new(|| (), |_| staff_accounts());
    view! {
        <h1>{t(W::StaffAccounts)}</h1>
        <p>{t(W::StaffAccountsExplain)}</p>
        <Loaded data sign_in="/staff/signin" let:data>
            <AccountsManager data/>
        </Loaded>
    }
}

const ROLES: [(&str, W); 4] = [
    ("agent", W::RoleAgent),
    ("supervisor", W::RoleSupervisor),
    ("auditor", W::RoleAuditor),
    ("admin", W::RoleAdmin),
];

// An island in the staff pages' wasm; left out of the borrowers' wasm,
// where it is never shown (see the `staff-islands` feature).
#[cfg_attr(any(feature = "ssr", feature = "staff-islands"), island)]
#[cfg_attr(not(any(feature = "ssr", feature = "staff-islands")), component)]
fn AccountsManager(data: AccountsData) -> impl IntoView {
    let (may_manage, me) = (data.may_manage, data.me.clone());
    let accounts = RwSignal::new(data.accounts);
    let create = ServerAction::<CreateAccount>::new();
    let change = ServerAction::<ChangeAccount>::new();
    Effect::new(move || {
        if create.version().get() + change.version().get() > 0 {
            spawn_local(async move {
                if let Ok(data) = staff_accounts().await {
                    accounts.set(data.accounts);
                }
            });
        }
    });
    let refused = Signal::derive(move || match create.value().get() {
        Some(Ok(AccountOutcome::Refused(refusals))) => refusals,
        _ => Vec::<Refusal>::new(),
    });
    // What to hand over, from the last action of either kind.
    let hand_over = RwSignal::new(None::<HandOver>);
    Effect::new(move || {
        if let Some(Ok(AccountOutcome::Done { hand_over: given })) = create.value().get() {
            hand_over.set(given);
        }
    });
    Effect::new(move || {
        if let Some(Ok(AccountOutcome::Done { hand_over: given })) = change.value().get() {
            hand_over.set(given);
        }
    });
    let change_refused = move || match change.value().get() {
        Some(Ok(AccountOutcome::Refused(r))) => r.first().map(|r| r.message.clone()),
        Some(Err(_)) => Some(t(W::Unavailable).to_owned()),
        _ => None,
    };
    let shown = move || {
        hand_over.get().map(|given| {
            let language = crate::i18n::use_language();
            let (says, secret) = match given {
                HandOver::SetUpCode { username, code } => (
                    crate::i18n::hand_over_set_up_code(&username, language),
                    code,
                ),
                HandOver::TemporaryPassword { username, password } => (
                    crate::i18n::hand_over_password(&username, language),
                    password,
                ),
            };
            view! {
                <div class="notice notice-ok" role="status">
                    <p>{says}</p>
                    <code class="secret hand-over">{secret}</code>
                    <p class="hint">{t(W::ShownOnce)}</p>
                </div>
            }
        })
    };
    let row = move |account: AccountView| {
        let own = account.username == me;
        let username = account.username.clone();
        let act = move |what: String| {
            let username = username.clone();
            move |_| {
                change.dispatch(ChangeAccount {
                    username: username.clone(),
                    change: what.clone(),
                });
            }
        };
        let role_select_id = format!("role-{}", account.username);
        let chosen_role = RwSignal::new(account.role.clone());
        let current_role = account.role.clone();
        let actions = (may_manage).then(|| {
            let disabled = account.disabled.is_some();
            view! {
                <div class="row-actions">
                    {(!own).then(|| view! {
                        <label class="visually-hidden" for=role_select_id.clone()>
                            {crate::i18n::role_of(&account.username, crate::i18n::use_language())}
                        </label>
                        <select id=role_select_id.clone() on:change=move |ev| chosen_role.set(event_target_value(&ev))>
                            {ROLES.iter().map(|(role, word)| view! {
                                <option value=*role selected=*role == current_role>{t(*word)}</option>
                            }).collect_view()}
                        </select>
                        <button type="button" class="button" on:click={
                            let act = act.clone();
                            move |ev| act(format!("role:{}", chosen_role.get()))(ev)
                        }>{t(W::ChangeRole)}</button>
                        {if disabled {
                            view! { <button type="button" class="button" on:click=act("enable".into())>{t(W::Enable)}</button> }.into_any()
                        } else {
                            view! { <button type="button" class="button danger-outline" on:click=act("disable".into())>{t(W::Disable)}</button> }.into_any()
                        }}
                    })}
                    {account.second_factor.then(|| view! {
                        <button type="button" class="button" on:click=act("reset_second_factor".into())>{t(W::ResetSecondFactor)}</button>
                    })}
                    {(!own).then(|| view! {
                        <button type="button" class="button" on:click=act("reset_password".into())>{t(W::ResetPassword)}</button>
                    })}
                    {account.locked_until.is_some().then(|| view! {
                        <button type="button" class="button" on:click=act("unlock".into())>{t(W::Unlock)}</button>
                    })}
                </div>
            }
        });
        view! {
            <tr class:revoked=account.disabled.is_some()>
                <th scope="row">{account.username.clone()}</th>
                <td>{account.role_name}</td>
                <td>{if account.second_factor { t(W::Yes) } else { t(W::No) }}</td>
                <td>
                    {match (&account.disabled, &account.locked_until) {
                        (Some(when), _) => format!("{} {when}", t(W::Disabled)),
                        (None, Some(until)) => format!("{} {until}", t(W::LockedUntil)),
                        (None, None) => t(W::Active).to_owned(),
                    }}
                </td>
                <td class="when">{account.created}</td>
                {may_manage.then(|| view! { <td>{actions}</td> })}
            </tr>
        }
    };
    view! {
        {move || change_refused().map(|m| view! { <p class="notice notice-error" role="alert">{m}</p> })}
        {shown}
        <div class="table-scroll" tabindex="0" role="region" aria-label=t(W::StaffAccounts)>
            <table class="data-table">
                <thead>
                    <tr>
                        <th scope="col">{t(W::Username)}</th>
                        <th scope="col">{t(W::Role)}</th>
                        <th scope="col">{t(W::SecondFactor)}</th>
                        <th scope="col">{t(W::Status)}</th>
                        <th scope="col">{t(W::Created)}</th>
                        {may_manage.then(|| view! { <th scope="col">{t(W::Actions)}</th> })}
                    </tr>
                </thead>
                <tbody>
                    {move || accounts.get().into_iter().map(row.clone()).collect_view()}
                </tbody>
            </table>
        </div>
        {may_manage.then(|| view! {
            <section class="card narrow">
                <h2>{t(W::NewAccount)}</h2>
                <ActionForm action=create>
                    <label for="new-username">{t(W::Username)}</label>
                    <input id="new-username" name="username" required autocomplete="off"
                        aria-describedby="new-username-hint username-error" aria-invalid=invalid(refused, "username")/>
                    <p class="hint" id="new-username-hint">{t(W::UsernameRules)}</p>
                    <FieldMessage id="username-error" field="username" refusals=refused/>
                    <label for="new-role">{t(W::RoleOfNewAccount)}</label>
                    <select id="new-role" name="role" aria-describedby="role-error">
                        {ROLES.iter().map(|(role, word)| view! { <option value=*role>{t(*word)}</option> }).collect_view()}
                    </select>
                    <FieldMessage id="role-error" field="role" refusals=refused/>
                    <label for="new-password">{t(W::FirstPassword)}</label>
                    <input id="new-password" name="password" type="password" required autocomplete="new-password"
                        aria-describedby="new-password-hint password-error" aria-invalid=invalid(refused, "password")/>
                    <p class="hint" id="new-password-hint">{t(W::StaffPasswordRules)}</p>
                    <FieldMessage id="password-error" field="password" refusals=refused/>
                    <button type="submit" class="button primary" disabled=move || create.pending().get()>
                        {t(W::CreateAccount)}
                    </button>
                </ActionForm>
            </section>
        })}
    }
}

#[server(prefix = "/staff/api", endpoint = "accounts")]
pub async fn staff_accounts() -> Result<AccountsData, PageError> {
    let member = staff_may(StaffAction::ViewStaff).await?;
    let (services, zone) = staff_services().await?;
    let accounts = reachguard_core::accounts::list(&services)
        .await
        .map_err(staff_unavailable)?;
    let now = chrono::Utc::now().timestamp();
    Ok(AccountsData {
        accounts: accounts
            .into_iter()
            .map(|a| AccountView {
                role_name: role_name(&a.role),
                created: staff_time_of(a.created_at, zone),
                disabled: a.disabled_at.map(|t| staff_time_of(t, zone)),
                locked_until: a
                    .locked_until
                    .filter(|t| *t > now)
                    .map(|t| staff_time_of(t, zone)),
                second_factor: a.second_factor,
                role: a.role,
                username: a.username,
            })
            .collect(),
        may_manage: member.may(StaffAction::ManageStaff),
        me: member.username,
    })
}

#[server(prefix = "/staff/api", endpoint = "create_account")]
pub async fn create_account(
    username: String,
    role: String,
    password: String,
) -> Result<AccountOutcome, PageError> {
    use reachguard_core::accounts::{StaffError, create_staff};
    use reachguard_core::records::CreateError;
    let member = staff_may(StaffAction::ManageStaff).await?;
    let language = use_language();
    let refused = |field: &str, word: W| {
        Ok(AccountOutcome::Refused(vec![Refusal {
            field: field.to_owned(),
            message: word.text(language).to_owned(),
        }]))
    };
    let Ok(role) = role.parse() else {
        return refused("role", W::ChooseRole);
    };
    let username = username.trim().to_owned();
    match create_staff(&services()?.db, &username, role, password, &member.actor()).await {
        Ok(code) => Ok(AccountOutcome::Done {
            hand_over: Some(HandOver::SetUpCode { username, code }),
        }),
        Err(StaffError::BadUsername) => refused("username", W::UsernameRules),
        Err(StaffError::BadPassword | StaffError::SamePassword) => {
            refused("password", W::StaffPasswordRules)
        }
        Err(StaffError::Create(CreateError::Exists(_))) => refused("username", W::UsernameTaken),
        Err(error) => Err(staff_unavailable(error)),
    }
}

/// `change`: `role:<role>`, `disable`, `enable`, `reset_second_factor`,
/// `reset_password` or `unlock`.
#[server(prefix = "/staff/api", endpoint = "change_account")]
pub async fn change_account(username: String, change: String) -> Result<AccountOutcome, PageError> {
    use reachguard_core::accounts::{AccountChange, StaffError, change_staff};
    let member = staff_may(StaffAction::ManageStaff).await?;
    let language = use_language();
    let refused = |word: W| {
        Ok(AccountOutcome::Refused(vec![Refusal {
            field: String::new(),
            message: word.text(language).to_owned(),
        }]))
    };
    let change = match change.as_str() {
        "disable" => AccountChange::Disable,
        "enable" => AccountChange::Enable,
        "reset_second_factor" => AccountChange::ResetSecondFactor,
        "reset_password" => AccountChange::ResetPassword,
        "unlock" => AccountChange::Unlock,
        other => match other.strip_prefix("role:").and_then(|r| r.parse().ok()) {
            Some(role) => AccountChange::Role(role),
            None => return refused(W::ChooseRole),
        },
    };
    match change_staff(&services()?.db, &username, change, Some(&member.username)).await {
        Ok(hand_over) => Ok(AccountOutcome::Done {
            hand_over: hand_over.map(|secret| match change {
                AccountChange::ResetPassword => HandOver::TemporaryPassword {
                    username: username.clone(),
                    password: secret,
                },
                _ => HandOver::SetUpCode {
                    username: username.clone(),
                    code: secret,
                },
            }),
        }),
        Err(StaffError::OwnAccount) => refused(W::NotOwnAccount),
        Err(StaffError::NotFound(_)) => refused(W::NoSuchAccount),
        Err(error) => Err(staff_unavailable(error)),
    }
}
