//! Every fixed word of the pages, in both languages. An entry without both
//! does not compile.
//!
//! The table is written in two files, the borrowers' pages' words
//! (`borrower.rs`) and the staff portal's (`staff.rs`); each is a macro
//! that adds its entries to those it is given and hands them on, so that
//! `words!` still makes one `W` from all of them.

use super::Language;

macro_rules! words {
    (; $($key:ident => $zh:literal, $en:literal;)*) => {
        /// A word of the pages.
        #[derive(Debug, Clone, Copy, PartialEq, Eq)]
        pub enum W {
            $($key),*
        }

        impl W {
            pub const ALL: &[W] = &[$(W::$key),*];

            pub fn text(self, language: Language) -> &'static str {
                match (self, language) {
                    $(
                        (W::$key, Language::ZhCn) => $zh,
                        (W::$key, Language::En) => $en,
                    )*
                }
            }
        }
    };
}

impl W {
    /// Words that read the same in both languages on purpose.
    pub const SAME_IN_BOTH: &[W] = &[];
}

#[macro_use]
mod borrower;
#[macro_use]
mod staff;

borrower_words! { staff_words, words; }
