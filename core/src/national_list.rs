//! The national do-not-call list as the regulator sends it: a CSV file of
//! E.164 numbers, one a line. Read the same way whether it arrives through
//! the API or the staff page, and refused whole when any line is bad, so a
//! half-read list never replaces a good one.

use std::collections::HashSet;

use reachguard_domain::Actor;
use reachguard_storage::{Database, NationalListLoad, StorageError};

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

/// The longest line kept for checking: a number is 16 bytes, and a line
/// far longer is named as bad by its start.
const LONGEST_LINE: usize = 256;

/// Reads a list as it arrives, a chunk at a time, so that a list of
/// millions never sits whole in memory: each line is checked when it is
/// complete, and its number handed out at once. A byte-order mark and a
/// first line that is a column heading (`phone`) are skipped; blank lines
/// are ignored; quotes around a number are allowed. Numbers are checked for
/// E.164 form only: checking millions against every numbering plan would
/// take minutes, and the list comes from the regulator. Repeats are handed
/// out again (the store keeps each number once).
#[derive(Debug, Default)]
pub struct ListReader {
    /// The line being read, cut at [`LONGEST_LINE`].
    partial: Vec<u8>,
    /// Whether the line being read was longer than that: never a number.
    overlong: bool,
    /// Lines completed.
    lines: usize,
    /// Numbers handed out, repeats included.
    numbers: usize,
    shown: Vec<BadLine>,
    bad: usize,
}

impl ListReader {
    /// Reads `chunk`, pushing the number of each line it completes onto
    /// `numbers`.
    pub fn read(&mut self, chunk: &[u8], numbers: &mut Vec<String>) {
        let mut rest = chunk;
        while let Some(end) = rest.iter().position(|&b| b == b'\n') {
            self.keep(&rest[..end]);
            self.end_line(numbers);
            rest = &rest[end + 1..];
        }
        self.keep(rest);
    }

    /// Reads the last line (if the file did not end with a line break) and
    /// says how many numbers the list held, or why it is refused.
    pub fn finish(mut self, numbers: &mut Vec<String>) -> Result<usize, ListRefused> {
        if !self.partial.is_empty() {
            self.end_line(numbers);
        }
        if self.bad > 0 {
            Err(ListRefused::BadLines {
                shown: self.shown,
                total: self.bad,
            })
        } else if self.numbers == 0 {
            Err(ListRefused::Empty)
        } else {
            Ok(self.numbers)
        }
    }

    /// Whether a bad line has been read: the list will be refused, and its
    /// numbers need not be stored.
    pub fn has_bad_lines(&self) -> bool {
        self.bad > 0
    }

    /// Numbers read so far, repeats included.
    pub fn numbers_read(&self) -> usize {
        self.numbers
    }

    fn keep(&mut self, bytes: &[u8]) {
        let room = LONGEST_LINE.saturating_sub(self.partial.len());
        self.overlong |= bytes.len() > room;
        self.partial
            .extend_from_slice(&bytes[..bytes.len().min(room)]);
    }

    fn end_line(&mut self, numbers: &mut Vec<String>) {
        self.lines += 1;
        let bytes = std::mem::take(&mut self.partial);
        let overlong = std::mem::take(&mut self.overlong);
        let bytes = match self.lines {
            1 => bytes.strip_prefix(b"\xef\xbb\xbf").unwrap_or(&bytes),
            _ => &bytes[..],
        };
        let text = String::from_utf8_lossy(bytes);
        let number = text.trim().trim_matches('"').trim();
        let heading =
            self.lines == 1 && number.chars().all(|c| c.is_ascii_alphabetic() || c == '_');
        if number.is_empty() || heading {
            return;
        }
        let digits = number.strip_prefix('+').unwrap_or("");
        let e164 = !overlong
            && (8..=15).contains(&digits.len())
            && digits.bytes().all(|b| b.is_ascii_digit())
            && !digits.starts_with('0');
        if !e164 {
            self.bad += 1;
            if self.shown.len() < LINES_SHOWN {
                self.shown.push(BadLine {
                    line: self.lines,
                    text: number.chars().take(40).collect(),
                });
            }
        } else {
            self.numbers += 1;
            if self.bad == 0 {
                numbers.push(number.to_owned());
            }
        }
    }
}

/// The distinct numbers of a whole list, in the order they first appear,
/// or why it was refused ([`ListReader`] on one chunk).
pub fn read_list(text: &str) -> Result<Vec<String>, ListRefused> {
    let mut reader = ListReader::default();
    let mut numbers = Vec::new();
    reader.read(text.as_bytes(), &mut numbers);
    reader.finish(&mut numbers)?;
    let mut seen = HashSet::new();
    numbers.retain(|n| seen.insert(n.clone()));
    Ok(numbers)
}

/// Numbers stored per batch while a list streams in.
const BATCH: usize = 5_000;

/// Replacing the national list from an upload read a chunk at a time (the
/// API's and the staff page's): lines are checked as they arrive and their
/// numbers stored beside the list in force; at the end the new list is
/// swapped in whole, or, if any line was bad, dropped whole.
#[derive(Debug)]
pub struct Replacement {
    reader: ListReader,
    load: NationalListLoad,
    pending: Vec<String>,
}

/// Why a replacement did not happen; the list in force is unchanged.
#[derive(Debug, thiserror::Error)]
pub enum ReplaceError {
    #[error("the list was refused")]
    Refused(ListRefused),
    #[error(transparent)]
    Storage(#[from] StorageError),
}

impl Replacement {
    pub async fn begin(db: &Database) -> Result<Replacement, StorageError> {
        Ok(Replacement {
            reader: ListReader::default(),
            load: db.begin_national_list().await?,
            pending: Vec::with_capacity(BATCH),
        })
    }

    /// Reads the next chunk of the upload.
    pub async fn read(&mut self, chunk: &[u8]) -> Result<(), StorageError> {
        self.reader.read(chunk, &mut self.pending);
        if self.pending.len() >= BATCH {
            self.load.add(&self.pending).await?;
            self.pending.clear();
        }
        Ok(())
    }

    /// Numbers read so far, repeats included.
    pub fn numbers_read(&self) -> usize {
        self.reader.numbers_read()
    }

    /// Swaps the new list in, unless a line was bad or it holds no number
    /// (an empty list only when `emptying` says that is meant); returns the
    /// distinct numbers now on the list.
    pub async fn finish(
        mut self,
        uploaded_by: &Actor,
        emptying: bool,
    ) -> Result<i64, ReplaceError> {
        let reader = std::mem::take(&mut self.reader);
        match reader.finish(&mut self.pending) {
            Ok(_) => {}
            Err(ListRefused::Empty) if emptying => {}
            Err(refused) => {
                self.load.abandon().await;
                return Err(ReplaceError::Refused(refused));
            }
        }
        if let Err(error) = self.load.add(&self.pending).await {
            self.load.abandon().await;
            return Err(error.into());
        }
        Ok(self.load.swap(uploaded_by).await?)
    }

    /// Gives up: what was loaded is dropped.
    pub async fn abandon(self) {
        self.load.abandon().await;
    }
}

/// Uploads the national list page shows.
pub const UPLOADS_SHOWN: i64 = 50;

/// How many numbers the national list holds, and its latest uploads.
pub async fn summary(
    services: &crate::Services,
) -> Result<(i64, Vec<reachguard_storage::NationalListUpload>), StorageError> {
    Ok((
        services.db.national_dnc_size().await?,
        services.db.national_dnc_uploads(UPLOADS_SHOWN).await?,
    ))
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

    #[test]
    fn a_list_read_in_chunks_of_any_size_reads_as_the_whole() {
        let text =
            "\u{feff}phone\r\n+8613800138000\n\n\"+12125551234\"\r\n+8613800138000\n+447911123456";
        let whole = read_list(text).unwrap();
        for size in 1..=7 {
            let mut reader = ListReader::default();
            let mut numbers = Vec::new();
            for chunk in text.as_bytes().chunks(size) {
                reader.read(chunk, &mut numbers);
            }
            assert_eq!(reader.finish(&mut numbers), Ok(4), "chunks of {size}");
            numbers.dedup();
            let mut distinct = numbers.clone();
            distinct.sort();
            distinct.dedup();
            assert_eq!(distinct.len(), whole.len(), "chunks of {size}");
            assert_eq!(numbers[0], "+8613800138000");
        }
    }

    #[test]
    fn a_line_split_inside_a_multibyte_character_is_still_named_whole() {
        let text = "+8613800138000\n号码\n".as_bytes();
        let mut reader = ListReader::default();
        let mut numbers = Vec::new();
        // Cut between the bytes of 号.
        reader.read(&text[..16], &mut numbers);
        reader.read(&text[16..], &mut numbers);
        let Err(ListRefused::BadLines { shown, .. }) = reader.finish(&mut numbers) else {
            panic!("refused");
        };
        assert_eq!(
            shown[0],
            BadLine {
                line: 2,
                text: "号码".into()
            }
        );
    }

    #[test]
    fn after_a_bad_line_numbers_are_counted_but_not_handed_out() {
        let mut reader = ListReader::default();
        let mut numbers = Vec::new();
        reader.read(
            b"+8613800138000\nnot-a-number\n+8613800138001\n",
            &mut numbers,
        );
        assert!(reader.has_bad_lines());
        assert_eq!(numbers, ["+8613800138000"]);
        assert!(reader.finish(&mut numbers).is_err());
    }

    #[test]
    fn a_number_followed_by_a_long_tail_is_not_a_number() {
        let line = format!("+8613800138000{}junk\n", " ".repeat(300));
        let mut reader = ListReader::default();
        let mut numbers = Vec::new();
        reader.read(line.as_bytes(), &mut numbers);
        assert!(matches!(
            reader.finish(&mut numbers),
            Err(ListRefused::BadLines { total: 1, .. })
        ));
        assert!(numbers.is_empty());
    }

    #[test]
    fn an_endless_line_is_kept_to_its_start() {
        let mut reader = ListReader::default();
        let mut numbers = Vec::new();
        for _ in 0..10_000 {
            reader.read(&[b'9'; 100], &mut numbers);
        }
        assert!(reader.partial.len() <= LONGEST_LINE);
        let Err(ListRefused::BadLines { shown, total }) = reader.finish(&mut numbers) else {
            panic!("refused");
        };
        assert_eq!((shown[0].line, shown[0].text.len(), total), (1, 40, 1));
    }

    use proptest::prelude::*;

    /// Bytes near a list's (digits, `+`, line breaks, quotes, a BOM's
    /// bytes), and any byte at all.
    fn list_bytes() -> impl Strategy<Value = Vec<u8>> {
        let byte = prop_oneof![
            4 => b'0'..=b'9',
            2 => Just(b'\n'),
            1 => Just(b'+'),
            1 => Just(b'"'),
            1 => Just(b'\r'),
            1 => Just(0xef),
            1 => any::<u8>(),
        ];
        prop::collection::vec(byte, 0..600)
    }

    proptest! {
        #[test]
        fn a_list_cut_into_any_chunks_reads_as_the_whole(
            bytes in list_bytes(),
            mut cuts in prop::collection::vec(0usize..600, 0..10),
        ) {
            let mut whole = Vec::new();
            let mut reader = ListReader::default();
            reader.read(&bytes, &mut whole);
            let expected = reader.finish(&mut whole);

            cuts.push(bytes.len());
            cuts.sort_unstable();
            let mut chunked = Vec::new();
            let mut reader = ListReader::default();
            let mut from = 0;
            for cut in cuts.into_iter().map(|c| c.min(bytes.len())) {
                reader.read(&bytes[from..cut], &mut chunked);
                from = cut;
            }
            prop_assert_eq!(reader.finish(&mut chunked), expected);
            prop_assert_eq!(chunked, whole);
        }

        #[test]
        fn every_number_handed_out_is_e164(bytes in list_bytes()) {
            let mut numbers = Vec::new();
            let mut reader = ListReader::default();
            reader.read(&bytes, &mut numbers);
            let _ = reader.finish(&mut numbers);
            for number in numbers {
                let digits = number.strip_prefix('+').unwrap();
                prop_assert!((8..=15).contains(&digits.len()) && digits.bytes().all(|b| b.is_ascii_digit()));
            }
        }
    }
}
