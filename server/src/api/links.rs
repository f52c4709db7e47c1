//! `POST /preference-links`: links a bank system puts in a message, to the
//! customer's preferences and to unsubscribe them from one thing with one
//! click (contract section 9).

use axum::Json;
use axum::extract::State;
use axum::http::StatusCode;
use chrono::{DateTime, Utc};
use reachguard_core::links::{LinkError, Unsubscribe};
use reachguard_domain::{Channel, CustomerId, FieldError, Purpose};
use serde::{Deserialize, Serialize};

use super::auth::{Authorized, needs};
use super::json::ApiJson;
use super::problem::Problem;
use crate::web::AppState;

/// Which customer; with a marketing purpose and a channel, an unsubscribe
/// link for them too.
#[derive(Deserialize, utoipa::ToSchema)]
#[schema(as = PreferenceLinkRequest, example = json!({"customer_id": "C001", "purpose": "marketing.wealth", "channel": "email"}))]
pub struct LinkBody {
    #[schema(pattern = "^[A-Za-z0-9_-]{1,64}$", example = "C001")]
    customer_id: String,
    /// A marketing purpose; given with `channel`.
    #[serde(default)]
    #[schema(example = "marketing.wealth")]
    purpose: Option<String>,
    /// Given with `purpose`.
    #[serde(default)]
    #[schema(value_type = Option<Channel>)]
    channel: Option<String>,
}

impl LinkBody {
    fn check(&self) -> Result<(CustomerId, Option<Unsubscribe>), Vec<FieldError>> {
        let mut errors = Vec::new();
        let customer = CustomerId::parse(&self.customer_id)
            .map_err(|e| errors.push(FieldError::new("customer_id", e.to_string())))
            .ok();
        let purpose =
            self.purpose
                .as_deref()
                .and_then(|p| match p.parse::<Purpose>() {
                    Ok(purpose) if purpose.is_marketing() => Some(purpose),
                    Ok(purpose) => {
                        errors.push(FieldError::new(
                    "purpose",
                    format!("{purpose} is not marketing: only marketing can be unsubscribed from"),
                ));
                        None
                    }
                    Err(e) => {
                        errors.push(FieldError::new("purpose", e.to_string()));
                        None
                    }
                });
        let channel = self.channel.as_deref().and_then(|c| {
            c.parse::<Channel>()
                .map_err(|e| errors.push(FieldError::new("channel", e.to_string())))
                .ok()
        });
        match (&self.purpose, &self.channel) {
            (Some(_), None) => errors.push(FieldError::new(
                "channel",
                "name the channel to unsubscribe from with the purpose",
            )),
            (None, Some(_)) => errors.push(FieldError::new(
                "purpose",
                "name the marketing purpose to unsubscribe from with the channel",
            )),
            _ => {}
        }
        match (customer, errors.is_empty()) {
            (Some(customer), true) => Ok((
                customer,
                purpose
                    .zip(channel)
                    .map(|(purpose, channel)| Unsubscribe { purpose, channel }),
            )),
            _ => Err(errors),
        }
    }
}

/// The links, absolute, built on the public address.
#[derive(Serialize, utoipa::ToSchema)]
pub struct LinksMade {
    /// Opens the customer's preferences without a password.
    #[schema(example = "https://contact.bank.example/p/3q2-7wAAAAAAAAAAAAAAAA")]
    url: String,
    /// One click (a POST of `List-Unsubscribe=One-Click`, RFC 8058)
    /// takes the channel away from the purpose; null unless both were given.
    unsubscribe_url: Option<String>,
    expires_at: DateTime<Utc>,
}

/// Links for a message: to the customer's preferences and, given a
/// marketing purpose and a channel, to unsubscribe from it with one click
/// (for a `List-Unsubscribe` header). They last 30 days.
#[utoipa::path(post, path = "/preference-links", operation_id = "make_preference_links", tag = "preference links", request_body = LinkBody,
    responses((status = 201, body = LinksMade), (status = 401, body = Problem), (status = 403, body = Problem), (status = 422, body = Problem)),
    security(("api_key" = ["links.write"])))]
pub async fn make(
    State(state): State<AppState>,
    Authorized(client, _): Authorized<needs::LinksWrite>,
    ApiJson(body): ApiJson<LinkBody>,
) -> Result<(StatusCode, Json<LinksMade>), Problem> {
    let (customer, unsubscribe) = body.check().map_err(Problem::invalid)?;
    let links = state
        .services
        .preference_links(&customer, unsubscribe, &client.name)
        .await
        .map_err(|error| match error {
            LinkError::NoCustomer(id) => {
                Problem::field("customer_id", format!("no customer has the number `{id}`"))
            }
            LinkError::NotMarketing(purpose) => Problem::field(
                "purpose",
                format!("`{purpose}` is not a marketing purpose of this bank"),
            ),
            LinkError::Storage(error) => error.into(),
            other => Problem::internal(other),
        })?;
    Ok((
        StatusCode::CREATED,
        Json(LinksMade {
            url: links.url,
            unsubscribe_url: links.unsubscribe_url,
            expires_at: links.expires_at,
        }),
    ))
}
