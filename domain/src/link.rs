//! The shape of the links that go out in messages (contract section 9):
//! where they lead and how long they are. Their tokens are made and checked
//! in `reachguard_core::links`; the pages and the SMS reply need the shape.

/// Where a preferences link leads: `<public address>/p/<token>`.
pub const PREFERENCES_PATH: &str = "/p/";
/// Where an unsubscribe link leads: `<public address>/u/<token>`.
pub const UNSUBSCRIBE_PATH: &str = "/u/";
/// A token is 128 random bits in base64url: 22 characters.
pub const TOKEN_CHARS: usize = 22;
/// The longest public address (`--public-url`) taken, so that an SMS reply
/// always has room for its link.
pub const MAX_PUBLIC_URL: usize = 64;
/// The longest link: the public address, the path and the token.
pub const MAX_LINK: usize = MAX_PUBLIC_URL + PREFERENCES_PATH.len() + TOKEN_CHARS;

/// Whether `token` could be a link's token: 22 characters of base64url.
pub fn is_token_shaped(token: &str) -> bool {
    token.len() == TOKEN_CHARS
        && token
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_')
}
