//! A change a customer asked for by phone or in a branch, recorded by
//! staff in their own name with its source and a note.

use leptos::prelude::*;
use leptos_router::hooks::use_params_map;

#[cfg(feature = "ssr")]
use super::types::*;
use crate::components::Loaded;
use crate::error::PageError;
use crate::i18n::{W, t};
#[cfg(feature = "ssr")]
use crate::ssr::*;

#[component]
pub fn ChangeForCustomerPage() -> impl IntoView {
    let params = use_params_map();
    let id = move || params.with(|p| p.get("customer").unwrap_or_default());
    let form = Resource::new(id, customer_preferences);
    view! {
        <p class="breadcrumb">
            <a href="/staff/customers">{t(W::Customers)}</a>" › "
            <a href=move || format!("/staff/customers/{}", id())>{id}</a>
        </p>
        <h1>{t(W::RecordChange)}</h1>
        <p>{t(W::RecordChangeExplain)}</p>
        <Loaded data=form sign_in="/staff/signin" let:form>
            <crate::borrower::PreferencesEditor initial=form on_behalf=id()/>
        </Loaded>
    }
}

/// The customer's preferences as a form, for a change they ask for.
#[server(prefix = "/staff/api", endpoint = "customer_preferences")]
pub async fn customer_preferences(
    customer_id: String,
) -> Result<crate::borrower::types::PreferencesForm, PageError> {
    use crate::ssr::{borrower_record, preferences_form};
    use reachguard_domain::CustomerId;
    staff_may(StaffAction::ChangeOnBehalf).await?;
    let id =
        CustomerId::parse(customer_id.trim()).map_err(|e| PageError::Invalid(e.to_string()))?;
    let services = services()?;
    let (record, policy, zone) = borrower_record(&services, &id).await?;
    Ok(preferences_form(&record, &policy, zone, use_language()))
}

/// Records a change the customer asked for by phone or in a branch: the
/// same versioned write as the borrower's own, in the staff member's name,
/// with its source and a note, in the ledger and the audit log.
#[server(prefix = "/staff/api", input = leptos::server_fn::codec::Json, endpoint = "save_on_behalf")]
pub async fn save_on_behalf(
    customer_id: String,
    form: crate::borrower::types::PreferencesForm,
    source: String,
    note: String,
) -> Result<crate::borrower::types::SaveOutcome, PageError> {
    use crate::borrower::types::SaveOutcome;
    use crate::ssr::save_form;
    use reachguard_core::records::ChangeBy;
    use reachguard_domain::{Actor, CustomerId, Source};
    let member = staff_may(StaffAction::ChangeOnBehalf).await?;
    let language = use_language();
    let id =
        CustomerId::parse(customer_id.trim()).map_err(|e| PageError::Invalid(e.to_string()))?;
    let mut refusals = Vec::new();
    let source = match source.as_str() {
        "phone" => Some(Source::Phone),
        "branch" => Some(Source::Branch),
        _ => {
            refusals.push(Refusal {
                field: "source".into(),
                message: W::ChooseSource.text(language).into(),
            });
            None
        }
    };
    let note = reachguard_core::text::staff_note(&note);
    if note.is_none() {
        refusals.push(Refusal {
            field: "note".into(),
            message: W::NoteRules.text(language).into(),
        });
    }
    let (Some(source), Some(note)) = (source, note) else {
        return Ok(SaveOutcome::Refused(refusals));
    };
    let actor = Actor::staff(&member.username).map_err(staff_unavailable)?;
    let by = ChangeBy {
        note: Some(note),
        ..ChangeBy::new(&actor, source)
    };
    save_form(&services()?, &id, &form, &by).await
}
