//! The national do-not-call list as the regulator sends it: a CSV file of
//! E.164 numbers, one a line. Read the same way whether it arrives through
//! the API or the staff page, and refused whole when any line is bad, so a
//! half-read list never replaces a good one.

use std::collections::HashSet;

/// Bad lines named one by one before the rest are only counted.
pub const LINES_SHOWN: usize = 20;

/// One line that is not a number.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BadLine {
    /// 1 for the first line of the file.
    pub line: usize,
    /// The line as sent, cut to 40 characters.
    pub text: String,
}

/// Why a list was refused.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ListRefused {
    /// Lines that are not E.164 numbers: the first [`LINES_SHOWN`], and
    /// how many in all.
    BadLines { shown: Vec<BadLine>, total: usize },
    /// No number at all: an empty file would empty the list, which is never
    /// what the regulator meant.
    Empty,
}

/// The distinct numbers of the list, in the order they first appear, or
/// why it was refused. A byte-order mark and a first line that is a column
/// heading (`phone`) are skipped; blank lines are ignored; quotes around a
/// number are allowed. Numbers are checked for E.164 form only: checking a
/// million numbers against every numbering plan would take minutes, and
/// the list comes from the regulator.
pub fn read_list(text: &str) -> Result<Vec<String>, ListRefused> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let mut seen = HashSet::new();
    let mut numbers = Vec::new();
    let mut shown = Vec::new();
    let mut total = 0;
    for (i, line) in text.lines().enumerate() {
        let number = line.trim().trim_matches('"').trim();
        let heading = i == 0 && number.chars().all(|c| c.is_ascii_alphabetic() || c == '_');
        if number.is_empty() || heading {
            continue;
        }
        let digits = number.strip_prefix('+').unwrap_or("");
        let e164 = (8..=15).contains(&digits.len())
            && digits.bytes().all(|b| b.is_ascii_digit())
            && !digits.starts_with('0');
        if !e164 {
            total += 1;
            if shown.len() < LINES_SHOWN {
                shown.push(BadLine {
                    line: i + 1,
                    text: number.chars().take(40).collect(),
                });
            }
        } else if seen.insert(number) {
            numbers.push(number.to_owned());
        }
    }
    if total > 0 {
        Err(ListRefused::BadLines { shown, total })
    } else if numbers.is_empty() {
        Err(ListRefused::Empty)
    } else {
        Ok(numbers)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_list_with_a_heading_blank_lines_and_repeats_gives_distinct_numbers() {
        let numbers =
            read_list("phone\n+8613800138000\r\n\n+12125551234\n\"+8613800138000\"\n").unwrap();
        assert_eq!(numbers, ["+8613800138000", "+12125551234"]);
    }

    #[test]
    fn a_byte_order_mark_is_not_part_of_the_heading() {
        let numbers = read_list("\u{feff}phone\n+8613800138000\n").unwrap();
        assert_eq!(numbers, ["+8613800138000"]);
        let numbers = read_list("\u{feff}+8613800138000\n").unwrap();
        assert_eq!(numbers, ["+8613800138000"]);
    }

    #[test]
    fn bad_lines_are_named_by_number_and_counted() {
        let Err(ListRefused::BadLines { shown, total }) =
            read_list("+8613800138000\n13800138000\n+86abc\n")
        else {
            panic!("refused");
        };
        let lines: Vec<_> = shown.iter().map(|b| b.line).collect();
        assert_eq!((lines, total), (vec![2, 3], 2));
        assert_eq!(shown[0].text, "13800138000");
    }

    #[test]
    fn only_the_first_bad_lines_are_named() {
        let text: String = (0..50).map(|i| format!("bad{i}\n")).collect();
        let Err(ListRefused::BadLines { shown, total }) = read_list(&text) else {
            panic!("refused");
        };
        assert_eq!((shown.len(), total), (LINES_SHOWN, 50));
        // The first line is not a heading when it has digits.
        assert_eq!(shown[0].line, 1);
    }

    #[test]
    fn an_empty_list_is_refused() {
        for text in ["", "phone\n", "\n\n", "\u{feff}"] {
            assert_eq!(read_list(text), Err(ListRefused::Empty), "{text:?}");
        }
    }
}
