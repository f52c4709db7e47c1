//! Free text from people (complaints, names, notes): what may be stored and
//! shown to staff.

/// Bidi controls and invisible characters would let a text read differently
/// from what it holds, misleading the member of staff who reads it; control
/// characters break logs (and NUL breaks PostgreSQL). Line breaks and tabs
/// are allowed where `multiline`.
/// Characters a member of staff's note may hold at most.
pub const MAX_NOTE_CHARS: usize = 500;

/// A member of staff's note (why they changed a customer's preferences,
/// how they handled a message), trimmed; `None` when it is empty, too long
/// or holds hidden characters.
pub fn staff_note(note: &str) -> Option<&str> {
    let note = note.trim();
    (!note.is_empty() && note.chars().count() <= MAX_NOTE_CHARS && is_clean(note, true))
        .then_some(note)
}

pub fn is_clean(text: &str, multiline: bool) -> bool {
    !text.chars().any(|c| {
        let allowed_space = multiline && matches!(c, '\n' | '\r' | '\t');
        (c.is_control() && !allowed_space) || is_invisible(c)
    })
}

/// Text that must be kept as it came (a customer's SMS) but shown to staff
/// as it is: control characters, bidi controls and invisible characters
/// written out as `\u{202E}`, so that nothing reads differently from what
/// it holds. Line breaks and tabs stay.
pub fn visible(text: &str) -> String {
    text.chars()
        .map(|c| {
            if (c.is_control() && !matches!(c, '\n' | '\t')) || is_invisible(c) {
                format!("\\u{{{:04X}}}", u32::from(c))
            } else {
                c.to_string()
            }
        })
        .collect()
}

fn is_invisible(c: char) -> bool {
    matches!(c,
        '\u{200B}'..='\u{200F}' // zero-width spaces and joiners, LRM, RLM
        | '\u{202A}'..='\u{202E}' // bidi embeddings and overrides
        | '\u{2060}'..='\u{2064}' // word joiner and invisible operators
        | '\u{2066}'..='\u{2069}' // bidi isolates
        | '\u{FEFF}' // zero-width no-break space
        | '\u{061C}' // Arabic letter mark
    )
}

/// `path` if it is a path on this site that is safe to redirect to, else
/// None. Only plain path characters: a tab or backslash that a browser
/// would drop or turn around could make `/\tevil.example` lead off-site.
pub fn local_path(path: &str) -> Option<&str> {
    let plain = path.bytes().all(|b| {
        b.is_ascii_alphanumeric()
            || matches!(
                b,
                b'/' | b'_' | b'-' | b'.' | b'?' | b'=' | b'&' | b'%' | b'~'
            )
    });
    (plain && path.starts_with('/') && !path.starts_with("//") && path.len() <= 512).then_some(path)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_plain_paths_on_this_site_are_redirected_to() {
        for good in ["/", "/my", "/my/contacts?page=2", "/signin?next=%2Fmy"] {
            assert_eq!(local_path(good), Some(good));
        }
        for bad in [
            "//evil.example",
            "/\\evil.example",
            "/\t/evil.example",
            "https://evil.example",
            "my",
            "",
            "/a\nb",
        ] {
            assert_eq!(local_path(bad), None, "{bad:?}");
        }
    }

    #[test]
    fn hidden_characters_are_written_out_and_the_rest_kept() {
        assert_eq!(visible("stop\u{202E}dt"), "stop\\u{202E}dt");
        assert_eq!(visible("a\u{200B}b\0"), "a\\u{200B}b\\u{0000}");
        assert_eq!(visible("退订\n信用卡"), "退订\n信用卡");
    }

    #[test]
    fn plain_text_in_any_script_is_clean() {
        assert!(is_clean("他们一周打了五次电话 / five calls a week", false));
        assert!(is_clean("line one\nline two", true));
    }

    #[test]
    fn bidi_controls_invisible_and_control_characters_are_not() {
        for text in [
            "abc\u{202E}cba",
            "a\u{200B}b",
            "a\u{2066}b",
            "nul\0",
            "bell\u{7}",
        ] {
            assert!(!is_clean(text, true), "{text:?}");
        }
        assert!(!is_clean("line one\nline two", false));
    }
}
