//! Messages customers send to the bank by SMS (contract section 8): an
//! opt-out keyword takes effect at once, in one transaction with the
//! message, and the reply tells the customer what stopped.

use chrono::{DateTime, Utc};
use reachguard_domain::keyword::{self, Outcome};
use reachguard_domain::{Actor, Phone, Source, Via};
use reachguard_storage::{
    ChangeBy, InboundAnswer, InboundMessage, PreferenceChange, Recorded, StorageError,
};

use crate::Services;
use crate::links::preferences_link_for;

/// A message as the gateway forwards it, checked by the caller.
#[derive(Debug, Clone)]
pub struct Message {
    pub message_id: String,
    pub from: Phone,
    pub text: String,
    pub received_at: DateTime<Utc>,
}

/// The four things a message can come to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Action {
    OptedOut,
    NoChange,
    NotAKeyword,
    UnknownNumber,
}

impl Action {
    pub const ALL: [Action; 4] = [
        Action::OptedOut,
        Action::NoChange,
        Action::NotAKeyword,
        Action::UnknownNumber,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Action::OptedOut => "opted_out",
            Action::NoChange => "no_change",
            Action::NotAKeyword => "not_a_keyword",
            Action::UnknownNumber => "unknown_number",
        }
    }
}

#[derive(Debug, thiserror::Error)]
pub enum InboundError {
    /// The preferences kept changing while the keyword was written.
    #[error("the customer's preferences kept changing while the message was read; send it again")]
    Busy,
    #[error(transparent)]
    Storage(#[from] StorageError),
}

/// How often a keyword is read again when the customer's preferences
/// changed while it was being written.
const TRIES: usize = 5;

/// Where a kept reply's link goes: the link's token is given out, never
/// kept, so a replay of the message gets the reply with a new link.
const LINK: &str = "{link}";

impl Services {
    /// Reads a message from `client` (an API client's name) and does what
    /// it asks. The same message id from the same client again changes
    /// nothing and gets the first answer (with a new link in its reply).
    pub async fn receive_message(
        &self,
        client: &str,
        message: Message,
    ) -> Result<InboundAnswer, InboundError> {
        for _ in 0..TRIES {
            if let Some(first) = self.db.inbound_answer(client, &message.message_id).await? {
                return Ok(self.with_new_link(first, client).await?);
            }
            match self.try_message(client, &message).await? {
                Ok(answer) => return Ok(answer),
                Err(Stale) => continue,
            }
        }
        Err(InboundError::Busy)
    }

    /// A kept answer, its reply given a new preferences link.
    async fn with_new_link(
        &self,
        mut answer: InboundAnswer,
        client: &str,
    ) -> Result<InboundAnswer, StorageError> {
        if let (Some(reply), Some(customer)) = (&answer.reply, &answer.customer_id) {
            let (token, link) = preferences_link_for(customer, client, Utc::now());
            self.db.create_links(&[link]).await?;
            answer.reply = Some(reply.replace(LINK, &self.public_url.preferences_link(&token)));
        }
        Ok(answer)
    }

    async fn try_message(
        &self,
        client: &str,
        message: &Message,
    ) -> Result<Result<InboundAnswer, Stale>, StorageError> {
        let record = |answer| InboundMessage {
            client: client.to_owned(),
            message_id: message.message_id.clone(),
            received_at: message.received_at.timestamp(),
            from_phone: message.from.as_str().to_owned(),
            text: message.text.clone(),
            answer,
        };
        // What a replay found is the first answer, given a new link.
        let outcome = |recorded, answer: InboundAnswer| match recorded {
            Recorded::New => Ok(Ok(answer)),
            Recorded::Replayed(first) => Err(first),
            Recorded::Stale => Ok(Err(Stale)),
        };
        let answer = |action: Action, customer: Option<&str>| InboundAnswer {
            action: action.as_str().to_owned(),
            customer_id: customer.map(str::to_owned),
            purposes: Vec::new(),
            reply: None,
        };

        let Some(customer) = self.db.customer_by_phone(message.from.as_str()).await? else {
            let answer = answer(Action::UnknownNumber, None);
            let recorded = self
                .db
                .record_inbound(&record(answer.clone()), None, None)
                .await?;
            return self.given(outcome(recorded, answer), client).await;
        };
        let policy = self.policy.current(&self.db).await?;
        let Some(opt_out) = keyword::read(&message.text, &policy) else {
            let answer = answer(Action::NotAKeyword, Some(&customer.customer_id));
            let recorded = self
                .db
                .record_inbound(&record(answer.clone()), None, None)
                .await?;
            return self.given(outcome(recorded, answer), client).await;
        };

        let mut before = customer.preferences.clone();
        before.fill_defaults(&policy);
        let (after, changed) = opt_out.apply(&before, &policy);
        let action = if changed.is_empty() {
            Action::NoChange
        } else {
            Action::OptedOut
        };
        let (token, link) = preferences_link_for(&customer.customer_id, client, Utc::now());
        let url = self.public_url.preferences_link(&token);
        let reply = keyword::reply(
            &opt_out,
            &policy,
            if changed.is_empty() {
                Outcome::NoChange
            } else {
                Outcome::OptedOut
            },
            customer.preferences.language,
            &url,
        );
        // Kept without the token: only its hash is stored.
        let kept = InboundAnswer {
            purposes: changed.iter().map(ToString::to_string).collect(),
            reply: Some(reply.replace(&url, LINK)),
            ..answer(action, Some(&customer.customer_id))
        };
        let by = ChangeBy::new(&Actor::Customer, Source::SmsKeyword)
            .through_api(client)
            .via(Via::SmsReply(keyword::normalise(&message.text)));
        let id = reachguard_domain::CustomerId::parse(&customer.customer_id)
            .expect("stored customer numbers are valid");
        let change = (!changed.is_empty())
            .then(|| PreferenceChange::new(&id, customer.version, &before, &after, &by));
        let recorded = self
            .db
            .record_inbound(&record(kept.clone()), change.as_ref(), Some(&link))
            .await?;
        let given = InboundAnswer {
            reply: Some(reply),
            ..kept.clone()
        };
        self.given(outcome(recorded, given), client).await
    }

    /// The answer to give: this one, or a replay's first (with a new link).
    async fn given(
        &self,
        outcome: Result<Result<InboundAnswer, Stale>, InboundAnswer>,
        client: &str,
    ) -> Result<Result<InboundAnswer, Stale>, StorageError> {
        match outcome {
            Ok(this) => Ok(this),
            Err(first) => Ok(Ok(self.with_new_link(first, client).await?)),
        }
    }
}

/// The customer's preferences changed while a keyword was written.
struct Stale;

/// Messages a page of the staff's list shows.
pub const MESSAGES_A_PAGE: i64 = 200;

/// Page `page` (from 0) of the messages staff read (those that wait for a
/// person, and with `handled_too` the handled ones), and whether there are
/// more after it.
pub async fn waiting(
    services: &Services,
    handled_too: bool,
    page: u32,
) -> Result<(Vec<reachguard_storage::WaitingMessage>, bool), StorageError> {
    let mut found = services
        .db
        .waiting_messages(
            handled_too,
            MESSAGES_A_PAGE + 1,
            i64::from(page) * MESSAGES_A_PAGE,
        )
        .await?;
    let more = found.len() > MESSAGES_A_PAGE as usize;
    found.truncate(MESSAGES_A_PAGE as usize);
    Ok((found, more))
}

/// Why a message was not marked handled.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum NotHandled {
    /// The note is empty, too long or holds hidden characters.
    Note,
    /// Someone marked it handled already (or there is no such message).
    Already,
}

/// Marks a message handled by `username`, with their note.
pub async fn handle(
    services: &Services,
    client: &str,
    message_id: &str,
    username: &str,
    note: &str,
) -> Result<Result<(), NotHandled>, StorageError> {
    let Some(note) = crate::text::staff_note(note) else {
        return Ok(Err(NotHandled::Note));
    };
    let handled = services
        .db
        .handle_message(
            client,
            message_id,
            &format!("staff:{username}"),
            note,
            Utc::now().timestamp(),
        )
        .await?;
    Ok(if handled {
        Ok(())
    } else {
        Err(NotHandled::Already)
    })
}
