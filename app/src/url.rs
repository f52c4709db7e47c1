//! Paths put into other URLs' query strings (`/lang?back=…`,
//! `/signin?next=…`).

/// `text` with everything but unreserved characters and `/`
/// percent-encoded.
pub fn encode(text: &str) -> String {
    text.bytes()
        .map(|b| match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' | b'~' | b'/' => {
                (b as char).to_string()
            }
            _ => format!("%{b:02X}"),
        })
        .collect()
}

#[cfg(test)]
mod tests {
    #[test]
    fn a_path_with_a_query_is_encoded_whole() {
        assert_eq!(
            super::encode("/my/contacts?page=2"),
            "/my/contacts%3Fpage%3D2"
        );
        assert_eq!(super::encode("/我"), "/%E6%88%91");
    }
}
