//! A request body read line by line as it arrives, numbered from 1 (blank
//! lines included), for the decision stream (contract section 10). What is
//! kept at a time is one line at most (a longer one is passed over and
//! named), plus what the last frame brought: the memory used does not grow
//! with the body.

use std::collections::VecDeque;
use std::pin::Pin;
use std::task::Poll;
use std::time::Duration;

use axum::body::{Body, Bytes, HttpBody};

/// A line longer than this is not read: a decision request is a few
/// hundred bytes.
pub const MAX_LINE: usize = 64 * 1024;

/// One line of the body.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Line {
    /// Only white space: answered by nothing, but counted.
    Blank,
    Text(Bytes),
    /// Longer than [`MAX_LINE`]: its bytes were not kept.
    TooLong,
}

/// Why the body stopped before its end.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Broken {
    /// The client sent nothing for this long.
    Idle(Duration),
    /// The connection broke, or what came was not HTTP.
    Transport,
}

/// The body's lines, in order.
pub struct Lines {
    body: Body,
    /// Lines complete and not yet taken: those of the last frame at most.
    ready: VecDeque<(u64, Line)>,
    /// The line still arriving.
    partial: Vec<u8>,
    /// The line still arriving outgrew [`MAX_LINE`]: the rest is dropped.
    overlong: bool,
    number: u64,
    ended: bool,
    idle: Duration,
}

impl Lines {
    pub fn new(body: Body, idle: Duration) -> Lines {
        Lines {
            body,
            ready: VecDeque::new(),
            partial: Vec::new(),
            overlong: false,
            number: 0,
            ended: false,
            idle,
        }
    }

    /// The next line already here, without waiting for the body.
    pub fn next_here(&mut self) -> Option<(u64, Line)> {
        if self.ready.is_empty() && self.ended && (!self.partial.is_empty() || self.overlong) {
            // The last line, without a newline after it.
            self.finish_line(&[]);
        }
        self.ready.pop_front()
    }

    /// Whether every line of the body has been taken.
    pub fn is_done(&self) -> bool {
        self.ended && self.ready.is_empty() && self.partial.is_empty() && !self.overlong
    }

    /// How many lines were numbered so far.
    pub fn numbered(&self) -> u64 {
        self.number
    }

    /// Waits for more of the body, then takes what else is already here
    /// until `enough` lines are ready; `Ok(false)` at its end.
    pub async fn read_more(&mut self, enough: usize) -> Result<bool, Broken> {
        if self.ended {
            return Ok(false);
        }
        let idle = self.idle;
        let mut read_any = false;
        let reading = std::future::poll_fn(|cx| {
            loop {
                match Pin::new(&mut self.body).poll_frame(cx) {
                    Poll::Pending if read_any => return Poll::Ready(Ok(true)),
                    Poll::Pending => return Poll::Pending,
                    Poll::Ready(None) => {
                        self.ended = true;
                        return Poll::Ready(Ok(read_any));
                    }
                    Poll::Ready(Some(Err(_))) => return Poll::Ready(Err(Broken::Transport)),
                    Poll::Ready(Some(Ok(frame))) => {
                        if let Some(data) = frame.data_ref() {
                            self.take(data);
                            read_any = true;
                            if self.ready.len() >= enough {
                                return Poll::Ready(Ok(true));
                            }
                        }
                    }
                }
            }
        });
        match tokio::time::timeout(idle, reading).await {
            Ok(read) => read,
            Err(_) => Err(Broken::Idle(idle)),
        }
    }

    fn take(&mut self, data: &[u8]) {
        let mut rest = data;
        while let Some(end) = rest.iter().position(|b| *b == b'\n') {
            self.finish_line(&rest[..end]);
            rest = &rest[end + 1..];
        }
        self.extend_line(rest);
    }

    fn extend_line(&mut self, bytes: &[u8]) {
        if self.overlong {
            return;
        }
        if self.partial.len() + bytes.len() > MAX_LINE {
            self.overlong = true;
            self.partial = Vec::new();
        } else {
            self.partial.extend_from_slice(bytes);
        }
    }

    fn finish_line(&mut self, tail: &[u8]) {
        self.extend_line(tail);
        let bytes = std::mem::take(&mut self.partial);
        let line = if std::mem::take(&mut self.overlong) {
            Line::TooLong
        } else if bytes.iter().all(u8::is_ascii_whitespace) {
            Line::Blank
        } else {
            Line::Text(Bytes::from(bytes))
        };
        self.number += 1;
        self.ready.push_back((self.number, line));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Every line of `frames`, sent as separate frames.
    async fn lines_of(frames: &[&[u8]]) -> Vec<(u64, Line)> {
        let frames: Vec<Result<Bytes, std::io::Error>> = frames
            .iter()
            .map(|f| Ok(Bytes::copy_from_slice(f)))
            .collect();
        let body = Body::from_stream(tokio_stream::iter(frames));
        let mut lines = Lines::new(body, Duration::from_secs(5));
        let mut all = Vec::new();
        loop {
            while let Some(line) = lines.next_here() {
                all.push(line);
            }
            if !lines.read_more(10).await.unwrap() {
                while let Some(line) = lines.next_here() {
                    all.push(line);
                }
                return all;
            }
        }
    }

    fn text(s: &str) -> Line {
        Line::Text(Bytes::copy_from_slice(s.as_bytes()))
    }

    #[tokio::test]
    async fn lines_are_numbered_across_frames_blank_ones_included() {
        let lines = lines_of(&[b"{\"a\":1}\n\n  \r\n{\"b", b"\":2}\r\n{\"c\":3}"]).await;
        assert_eq!(
            lines,
            vec![
                (1, text("{\"a\":1}")),
                (2, Line::Blank),
                (3, Line::Blank),
                (4, text("{\"b\":2}\r")),
                (5, text("{\"c\":3}")),
            ]
        );
    }

    #[tokio::test]
    async fn an_empty_body_has_no_lines() {
        assert_eq!(lines_of(&[]).await, vec![]);
        assert_eq!(lines_of(&[b""]).await, vec![]);
    }

    #[tokio::test]
    async fn an_overlong_line_is_named_and_the_next_is_read() {
        let long = vec![b'x'; MAX_LINE + 10];
        let (first, second) = long.split_at(MAX_LINE / 2);
        let lines = lines_of(&[b"{}\n", first, second, b"yy\n{}\n", &long]).await;
        assert_eq!(
            lines,
            vec![
                (1, text("{}")),
                (2, Line::TooLong),
                (3, text("{}")),
                (4, Line::TooLong)
            ]
        );
    }

    #[tokio::test]
    async fn a_line_of_exactly_the_limit_is_read() {
        let mut line = vec![b'x'; MAX_LINE];
        line.push(b'\n');
        let lines = lines_of(&[&line]).await;
        assert!(matches!(&lines[..], [(1, Line::Text(bytes))] if bytes.len() == MAX_LINE));
    }
}
