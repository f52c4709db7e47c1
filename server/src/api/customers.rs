//! `PUT /customers/{customer_id}`: contact data from the bank's systems.

use axum::Json;
use axum::extract::rejection::PathRejection;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use chrono_tz::Tz;
use reachguard_domain::{FieldError, Language, Phone};
use reachguard_storage::{ContactData, PutCustomerError, PutOutcome};
use serde::{Deserialize, Serialize};

use super::auth::{Authorized, needs};
use super::customer_in_path;
use super::json::ApiJson;
use super::problem::Problem;
use crate::web::AppState;

const MAX_PHONES: usize = 10;

/// A customer's contact data. Phones are E.164, the first one is checked
/// against the national list; the zone is an IANA name.
#[derive(Deserialize, Serialize, utoipa::ToSchema)]
#[schema(as = ContactData, example = json!({"name": "王芳", "phones": ["+8613800138000"], "email": "wang@example.cn", "time_zone": "Asia/Shanghai", "language": "zh-CN"}))]
pub struct ContactBody {
    name: String,
    #[serde(default)]
    phones: Vec<String>,
    #[serde(default)]
    email: Option<String>,
    #[serde(default)]
    time_zone: Option<String>,
    #[serde(default)]
    language: Option<Language>,
}

impl ContactBody {
    fn check(&self) -> Result<ContactData, Vec<FieldError>> {
        let mut errors = Vec::new();
        let name = self.name.trim().to_owned();
        if name.is_empty() || name.chars().count() > 200 || !super::is_printable(&name) {
            errors.push(FieldError::new("name", "use 1 to 200 printable characters"));
        }
        if self.phones.len() > MAX_PHONES {
            errors.push(FieldError::new(
                "phones",
                format!("at most {MAX_PHONES} phones"),
            ));
        }
        let mut phones: Vec<Phone> = Vec::new();
        for (i, raw) in self.phones.iter().enumerate() {
            match Phone::parse(raw) {
                Ok(phone) if phones.contains(&phone) => {
                    errors.push(FieldError::new(
                        format!("phones[{i}]"),
                        format!("{phone} is listed twice"),
                    ));
                }
                Ok(phone) => phones.push(phone),
                Err(e) => errors.push(FieldError::new(format!("phones[{i}]"), e.to_string())),
            }
        }
        let email = self
            .email
            .as_deref()
            .map(|e| e.trim().to_owned())
            .filter(|e| !e.is_empty());
        if let Some(email) = &email
            && !is_plausible_email(email)
        {
            errors.push(FieldError::new(
                "email",
                format!("`{email}` is not an e-mail address"),
            ));
        }
        let time_zone = match &self.time_zone {
            None => None,
            Some(name) => match name.parse::<Tz>() {
                Ok(zone) => Some(zone),
                Err(_) => {
                    errors.push(FieldError::new(
                        "time_zone",
                        format!("`{name}` is not an IANA time zone"),
                    ));
                    None
                }
            },
        };
        if !errors.is_empty() {
            return Err(errors);
        }
        Ok(ContactData {
            name,
            phones,
            email,
            time_zone,
            language: self.language,
        })
    }
}

/// One `@`, something before it, a dotted domain after it, no spaces: the
/// mail server is the real judge, this only catches typing mistakes.
fn is_plausible_email(email: &str) -> bool {
    let Some((local, domain)) = email.split_once('@') else {
        return false;
    };
    email.len() <= 254
        && !local.is_empty()
        && !domain.contains('@')
        && domain.contains('.')
        && !domain.starts_with('.')
        && !domain.ends_with('.')
        && !email.chars().any(|c| c.is_whitespace() || c.is_control())
}

/// Create or update a customer's contact data.
#[utoipa::path(put, path = "/customers/{customer_id}", operation_id = "put_customer", tag = "customers", request_body = ContactBody,
    params(("customer_id" = String, Path, description = "1 to 64 of A-Z a-z 0-9 _ -", pattern = "^[A-Za-z0-9_-]{1,64}$")),
    responses((status = 201, body = ContactBody, description = "created"), (status = 200, body = ContactBody, description = "updated"),
        (status = 409, body = Problem), (status = 422, body = Problem)),
    security(("api_key" = ["customers.write"])))]
pub async fn put(
    State(state): State<AppState>,
    Authorized(client, _): Authorized<needs::CustomersWrite>,
    path: Result<Path<String>, PathRejection>,
    ApiJson(body): ApiJson<ContactBody>,
) -> Result<(StatusCode, Json<ContactBody>), Problem> {
    let id = customer_in_path(path)?;
    let contact = body.check().map_err(Problem::invalid)?;
    let policy = state.services.policy.current(&state.services.db).await?;
    let outcome = state
        .services
        .db
        .put_customer(&id, &contact, &policy, &client.actor())
        .await
        .map_err(|error| match error {
            PutCustomerError::PhoneTaken(phone) => {
                Problem::conflict(format!("the phone {phone} belongs to another customer"))
            }
            PutCustomerError::Storage(error) => Problem::internal(error),
        })?;
    let status = match outcome {
        PutOutcome::Created => StatusCode::CREATED,
        PutOutcome::Updated => StatusCode::OK,
    };
    Ok((
        status,
        Json(ContactBody {
            name: contact.name,
            phones: contact.phones.iter().map(ToString::to_string).collect(),
            email: contact.email,
            time_zone: contact.time_zone.map(|z| z.name().to_owned()),
            language: contact.language,
        }),
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn plausible_emails_pass_and_typing_mistakes_do_not() {
        assert!(is_plausible_email("li.wei@example.com"));
        for bad in [
            "li.wei",
            "@example.com",
            "li@example",
            "li@@example.com",
            "li wei@example.com",
            "li@.com",
        ] {
            assert!(!is_plausible_email(bad), "{bad}");
        }
    }
}
