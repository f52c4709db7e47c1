//! Kept decisions, both ways: the compact form a decision is kept in (the
//! domain's `KeptDecisionForm`, contract section 10), and the decision read
//! back as what was asked and what was answered, as JSON, its reasons' words
//! made again in the language asked. Read in the language it was answered
//! in, a decision reads exactly as it was answered.

use reachguard_domain::{KeptDecisionForm, Language, Question};
use reachguard_storage::KeptDecision as Stored;
use serde::{Deserialize, Serialize};

use crate::decide::{Answer, Asked};

/// A kept decision as read: the request as asked (with `at` filled in)
/// and the answer as given, each as JSON.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct KeptDecision {
    pub decision_id: String,
    pub decided_at: i64,
    /// The API client that asked (`portal:customer` for a page).
    pub client: String,
    pub customer_id: Option<String>,
    pub allowed: bool,
    pub request: String,
    pub answer: String,
}

/// The request as it is read back: as a bank system would have sent it.
#[derive(Serialize)]
struct KeptRequest<'a> {
    #[serde(skip_serializing_if = "Option::is_none")]
    customer_id: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    phone: Option<&'a str>,
    channel: &'a str,
    purpose: String,
    at: chrono::DateTime<chrono::Utc>,
}

impl<'a> KeptRequest<'a> {
    fn new(customer_id: Option<&'a str>, phone: Option<&'a str>, question: &'a Question) -> Self {
        KeptRequest {
            customer_id,
            phone,
            channel: question.channel.as_str(),
            purpose: question.purpose.to_string(),
            at: question.at,
        }
    }
}

/// The request's JSON, as kept before the compact form and as read now.
fn request_json(customer_id: Option<&str>, phone: Option<&str>, question: &Question) -> String {
    serde_json::to_string(&KeptRequest::new(customer_id, phone, question))
        .expect("requests serialize")
}

/// A decision kept before migration 0011, with its sentences.
#[derive(Deserialize)]
struct Sentences {
    request: serde_json::Value,
    answer: serde_json::Value,
}

/// The decision `answer` to a request about `asked`, as it is kept, made
/// at `decided_at` (whole seconds) for `client`.
pub fn stored(
    answer: &Answer,
    asked: &Asked,
    question: &Question,
    decided_at: i64,
    client: &str,
) -> Stored {
    let decision = &answer.decision;
    let kept = match KeptDecisionForm::new(decided_at, question, decision, &answer.policy) {
        Some(mut form) => {
            match asked {
                Asked::Phone(phone) => form.phone = Some(phone.to_string()),
                Asked::Customer(id) if answer.customer_id.as_deref() != Some(id.as_str()) => {
                    form.asked_id = Some(id.to_string());
                }
                Asked::Customer(_) => {}
            }
            form.text()
        }
        // The rules give every reason a ground; a decision without one
        // keeps its sentences rather than be lost.
        None => {
            let (customer_id, phone) = match asked {
                Asked::Customer(id) => (Some(id.as_str()), None),
                Asked::Phone(phone) => (None, Some(phone.as_str())),
            };
            serde_json::json!({
                "request": KeptRequest::new(customer_id, phone, question),
                "answer": answer,
            })
            .to_string()
        }
    };
    Stored {
        decision_id: answer.decision_id.clone(),
        decided_at,
        client: client.to_owned(),
        customer_id: answer.customer_id.clone(),
        allowed: decision.allowed,
        reasons: decision
            .reasons
            .iter()
            .fold(0, |bits, r| bits | r.code.bit()),
        kept,
    }
}

/// The kept decision read back, its reasons in `language`. A text that is
/// neither form (never written by this code) reads as `null`.
pub fn read(stored: Stored, language: Language) -> KeptDecision {
    let (request, answer) = match KeptDecisionForm::from_text(&stored.kept)
        .and_then(|form| form.read(stored.decided_at, language))
    {
        Ok(read) => {
            let customer_id = read.asked_id.as_deref().or(stored.customer_id.as_deref());
            let request = match &read.phone {
                Some(phone) => request_json(None, Some(phone), &read.question),
                None => request_json(customer_id, None, &read.question),
            };
            let answer = Answer {
                decision_id: stored.decision_id.clone(),
                customer_id: stored.customer_id.clone(),
                decision: read.decision,
                policy: read.policy,
            };
            (
                request,
                serde_json::to_string(&answer).expect("answers serialize"),
            )
        }
        Err(_) => match serde_json::from_str::<Sentences>(&stored.kept) {
            Ok(kept) => (kept.request.to_string(), kept.answer.to_string()),
            Err(_) => ("null".to_owned(), "null".to_owned()),
        },
    };
    KeptDecision {
        decision_id: stored.decision_id,
        decided_at: stored.decided_at,
        client: stored.client,
        customer_id: stored.customer_id,
        allowed: stored.allowed,
        request,
        answer,
    }
}

/// What a kept decision asked: the phone it named, if any, and its
/// question, without its words. `None` when it no longer reads.
pub fn asked(stored: &Stored) -> Option<(Option<String>, Question)> {
    if let Ok(form) = KeptDecisionForm::from_text(&stored.kept) {
        let question = form.question(stored.decided_at).ok()?;
        return Some((form.phone, question));
    }
    #[derive(Deserialize)]
    struct Asked {
        phone: Option<String>,
        channel: reachguard_domain::Channel,
        purpose: reachguard_domain::Purpose,
        at: Option<chrono::DateTime<chrono::Utc>>,
    }
    #[derive(Deserialize)]
    struct Sentences {
        request: Asked,
    }
    let asked = serde_json::from_str::<Sentences>(&stored.kept)
        .ok()?
        .request;
    let at = asked
        .at
        .or_else(|| chrono::DateTime::from_timestamp(stored.decided_at, 0))?;
    Some((
        asked.phone,
        Question {
            channel: asked.channel,
            purpose: asked.purpose,
            at,
        },
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn stored(kept: &str) -> Stored {
        Stored {
            decision_id: "0190a0b0-0000-7000-8000-000000000001".into(),
            decided_at: 1_800_000_000,
            client: "dialer".into(),
            customer_id: None,
            allowed: false,
            reasons: 1,
            kept: kept.into(),
        }
    }

    #[test]
    fn a_compact_decision_reads_back_with_what_it_asked() {
        let kept =
            r#"{"c":"sms","p":"collections","v":"cn@1","i":"C404","r":[{"k":"uc","a":"C404"}]}"#;
        let read = read(stored(kept), Language::En);
        let request: serde_json::Value = serde_json::from_str(&read.request).unwrap();
        assert_eq!(
            request,
            serde_json::json!({"customer_id": "C404", "channel": "sms", "purpose": "collections", "at": "2027-01-15T08:00:00Z"})
        );
        let answer: serde_json::Value = serde_json::from_str(&read.answer).unwrap();
        assert_eq!(answer["reasons"][0]["code"], "unknown_customer");
        assert_eq!(
            answer["reasons"][0]["message"],
            "No customer has the customer number or phone C404."
        );
        let (phone, question) = asked(&stored(kept)).unwrap();
        assert_eq!(
            (phone, question.channel),
            (None, reachguard_domain::Channel::Sms)
        );
    }

    #[test]
    fn a_decision_kept_with_its_sentences_reads_as_it_was_kept() {
        let kept = r#"{"request":{"phone":"+8613800138000","channel":"voice","purpose":"collections","at":"2027-01-15T08:00:00Z"},"answer":{"allowed":false,"reasons":[{"code":"snoozed","message":"as kept"}]}}"#;
        let read = read(stored(kept), Language::ZhCn);
        assert!(read.answer.contains("as kept"), "{}", read.answer);
        assert!(read.request.contains("+8613800138000"));
        let (phone, question) = asked(&stored(kept)).unwrap();
        assert_eq!(phone.as_deref(), Some("+8613800138000"));
        assert_eq!(question.at.timestamp(), 1_800_000_000);
        assert_eq!(super::read(stored("not json"), Language::En).answer, "null");
        assert!(asked(&stored("not json")).is_none());
    }
}
