//! The two languages borrowers read Reachguard in.

use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
pub enum Language {
    /// Simplified Chinese, the bank's first language.
    #[default]
    #[serde(rename = "zh-CN")]
    ZhCn,
    #[serde(rename = "en")]
    En,
}

impl Language {
    pub fn tag(self) -> &'static str {
        match self {
            Language::ZhCn => "zh-CN",
            Language::En => "en",
        }
    }

    /// The other language, for a one-button switch.
    pub fn other(self) -> Language {
        match self {
            Language::ZhCn => Language::En,
            Language::En => Language::ZhCn,
        }
    }

    /// The language's own name, as a switch to it is labelled.
    pub fn own_name(self) -> &'static str {
        match self {
            Language::ZhCn => "中文",
            Language::En => "English",
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn switching_twice_comes_back_to_the_same_language() {
        for language in [Language::ZhCn, Language::En] {
            assert_eq!(language.other().other(), language);
            assert_ne!(language.other(), language);
        }
    }

    #[test]
    fn languages_use_the_tags_of_the_contract() {
        assert_eq!(Language::ZhCn.tag(), "zh-CN");
        assert_eq!(Language::En.tag(), "en");
    }
}
