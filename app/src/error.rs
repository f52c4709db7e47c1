//! The one error a page's server function fails with. It crosses to the
//! browser as JSON, so the page tells the cases apart by their variant
//! (sign in again, not for your role, try later), never by their text, and
//! the server sets each one's status (`reachguard-server`'s `private.rs`).

use leptos::server_fn::codec::JsonEncoding;
use leptos::server_fn::error::{FromServerFnError, ServerFnErrorErr};
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum PageError {
    /// Nobody is signed in (or the session ended): 401.
    NotSignedIn,
    /// The signed-in role may not do this: 403.
    NotAllowed,
    /// A quota is reached, in words: 429.
    TooMany(String),
    /// What was sent cannot be read, in words: 400.
    Invalid(String),
    /// The server's own failure, in words (logged in full): 500.
    Unavailable(String),
    /// The call itself failed (arguments that do not parse: 400; the
    /// network, a response that cannot be read), as server functions name
    /// it.
    Call(ServerFnErrorErr),
}

impl PageError {
    /// The HTTP status the server answers this with.
    pub fn status(&self) -> u16 {
        match self {
            PageError::NotSignedIn => 401,
            PageError::NotAllowed => 403,
            PageError::TooMany(_) => 429,
            PageError::Invalid(_)
            | PageError::Call(
                ServerFnErrorErr::Args(_)
                | ServerFnErrorErr::Deserialization(_)
                | ServerFnErrorErr::MissingArg(_),
            ) => 400,
            PageError::Unavailable(_) | PageError::Call(_) => 500,
        }
    }
}

impl std::fmt::Display for PageError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            PageError::NotSignedIn => f.write_str("not signed in"),
            PageError::NotAllowed => f.write_str("not allowed"),
            PageError::TooMany(words)
            | PageError::Invalid(words)
            | PageError::Unavailable(words) => f.write_str(words),
            PageError::Call(error) => error.fmt(f),
        }
    }
}

impl std::error::Error for PageError {}

impl FromServerFnError for PageError {
    type Encoder = JsonEncoding;

    fn from_server_fn_error(value: ServerFnErrorErr) -> Self {
        PageError::Call(value)
    }
}

impl From<ServerFnErrorErr> for PageError {
    fn from(error: ServerFnErrorErr) -> Self {
        PageError::Call(error)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_error_has_its_status_and_survives_the_wire() {
        for (error, status) in [
            (PageError::NotSignedIn, 401),
            (PageError::NotAllowed, 403),
            (PageError::TooMany("later".into()), 429),
            (PageError::Invalid("no".into()), 400),
            (PageError::Call(ServerFnErrorErr::Args("page".into())), 400),
            (PageError::Unavailable("down".into()), 500),
            (
                PageError::Call(ServerFnErrorErr::Request("lost".into())),
                500,
            ),
        ] {
            assert_eq!(error.status(), status, "{error:?}");
            assert_eq!(PageError::de(error.ser()), error);
        }
    }
}
