//! The reader's language and the words of every page, in Chinese and
//! English.
//!
//! The words are one table (`words/`) in which each entry must give both
//! languages: an entry missing one does not compile. Words with numbers or
//! names in them are functions in `phrases/`, each a `match` over both
//! languages, which the compiler also holds to both.
//!
//! The language is decided on the server for every request (the choice
//! remembered in this browser, else the signed-in borrower's own, else
//! `Accept-Language`), rendered into `<html lang>`, and read back from it
//! by the hydrating wasm, so both render the same words.

mod phrases;
mod words;

pub use phrases::*;
pub use reachguard_domain::Language;
pub use words::W;

use leptos::prelude::*;

/// The cookie that remembers the reader's choice of language.
pub const LANGUAGE_COOKIE: &str = "lang";

/// The language the server decided for this request; the server puts it in
/// the request's extensions before rendering.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ReaderLanguage(pub Language);

/// The first of the reader's `Accept-Language` ranges that names Chinese or
/// English, by quality; Chinese when none does.
pub fn from_accept_language(header: &str) -> Language {
    Language::from_accept_language(header, Language::ZhCn)
}

/// The language this request or page is rendered in.
pub fn use_language() -> Language {
    if let Some(language) = use_context::<Language>() {
        return language;
    }
    initial_language()
}

/// On the server, from the request; in the browser, from `<html lang>`.
pub fn initial_language() -> Language {
    #[cfg(feature = "ssr")]
    {
        use_context::<http::request::Parts>()
            .and_then(|parts| parts.extensions.get::<ReaderLanguage>().copied())
            .map_or(Language::ZhCn, |r| r.0)
    }
    #[cfg(not(feature = "ssr"))]
    {
        document()
            .document_element()
            .and_then(|html| html.get_attribute("lang"))
            .and_then(|tag| Language::ALL.into_iter().find(|l| l.tag() == tag))
            .unwrap_or_default()
    }
}

/// A word in the reader's language.
pub fn t(word: W) -> &'static str {
    word.text(use_language())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn accept_language_picks_the_best_supported_range() {
        assert_eq!(
            from_accept_language("en-US,en;q=0.9,zh-CN;q=0.8"),
            Language::En
        );
        assert_eq!(from_accept_language("zh-TW,en;q=0.5"), Language::ZhCn);
        assert_eq!(
            from_accept_language("fr-FR,en;q=0.3,zh;q=0.2"),
            Language::En
        );
        assert_eq!(from_accept_language("de, zh;q=0.4, en;q=0.9"), Language::En);
        assert_eq!(from_accept_language("fr"), Language::ZhCn);
        assert_eq!(from_accept_language(""), Language::ZhCn);
        assert_eq!(from_accept_language("en;q=0, zh;q=0.1"), Language::ZhCn);
    }

    #[test]
    fn counts_are_grouped_in_thousands() {
        assert_eq!(count(0), "0");
        assert_eq!(count(999), "999");
        assert_eq!(count(1_000), "1,000");
        assert_eq!(count(1_000_000), "1,000,000");
        assert_eq!(count(-12_345), "-12,345");
    }

    #[test]
    fn every_word_is_written_in_both_languages() {
        for word in W::ALL {
            for language in Language::ALL {
                assert!(
                    !word.text(language).trim().is_empty(),
                    "{word:?} in {language:?}"
                );
            }
        }
    }

    #[test]
    fn chinese_words_are_written_in_chinese() {
        // A copy-pasted English text in the Chinese column would still
        // compile; this catches it. Names and codes are the exceptions.
        let is_cjk = |c: char| ('\u{4E00}'..='\u{9FFF}').contains(&c);
        for word in W::ALL {
            let zh = word.text(Language::ZhCn);
            if zh != word.text(Language::En) {
                continue;
            }
            assert!(
                zh.chars().any(is_cjk) || W::SAME_IN_BOTH.contains(word),
                "{word:?} reads the same in both languages: {zh}"
            );
        }
    }
}
