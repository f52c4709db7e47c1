//! The server as a network service: slow and idle clients are cut off,
//! connections are capped, and shutdown has a deadline.

use std::io::{Read, Write};
use std::net::TcpStream;
use std::process::Child;
use std::time::{Duration, Instant};

mod support;
use support::{http_get, stop};

fn serve_with(dir: &std::path::Path, flags: &[&str]) -> (Child, u16) {
    let url = format!("sqlite://{}", dir.join("limits.db").display());
    support::serve_with(&url, flags, |_| {})
}

/// Reads until the server closes the connection; what it sent.
fn read_to_close(stream: &mut TcpStream) -> String {
    stream
        .set_read_timeout(Some(Duration::from_secs(20)))
        .unwrap();
    let mut answer = Vec::new();
    let _ = stream.read_to_end(&mut answer);
    String::from_utf8_lossy(&answer).into_owned()
}

#[test]
fn slow_and_idle_clients_are_cut_off() {
    let dir = tempfile::tempdir().unwrap();
    let (server, port) = serve_with(
        dir.path(),
        &["--header-timeout", "1", "--request-timeout", "1"],
    );

    // Half a request line, then nothing: closed without an answer.
    let mut slow_headers = TcpStream::connect(("127.0.0.1", port)).unwrap();
    slow_headers.write_all(b"GET /healthz HT").unwrap();
    let started = Instant::now();
    let answer = read_to_close(&mut slow_headers);
    assert!(!answer.contains("200 OK"), "{answer}");
    assert!(
        started.elapsed() < Duration::from_secs(15),
        "closed by the header deadline"
    );

    // A kept-alive connection, idle after its answer: closed.
    let mut idle = TcpStream::connect(("127.0.0.1", port)).unwrap();
    idle.write_all(b"GET /healthz HTTP/1.1\r\nHost: localhost\r\n\r\n")
        .unwrap();
    let answer = read_to_close(&mut idle);
    assert!(answer.starts_with("HTTP/1.1 200"), "{answer}");

    stop(server);
}

#[test]
fn a_body_sent_too_slowly_gets_408() {
    let dir = tempfile::tempdir().unwrap();
    let (server, port) = serve_with(dir.path(), &["--request-timeout", "1"]);
    let mut slow = TcpStream::connect(("127.0.0.1", port)).unwrap();
    // The sign-in page's form post: no key to check first, so the server
    // waits for the body, and gives up.
    slow.write_all(
        format!(
            "POST /api/sign_in HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\nOrigin: http://127.0.0.1:{port}\r\n\
             Content-Type: application/x-www-form-urlencoded\r\nContent-Length: 500\r\n\r\nlogin="
        )
        .as_bytes(),
    )
    .unwrap();
    let answer = read_to_close(&mut slow);
    assert!(answer.starts_with("HTTP/1.1 408"), "{answer}");
    assert!(answer.contains("not completed within 1 s"), "{answer}");
    stop(server);
}

#[test]
fn connections_beyond_the_cap_wait_their_turn() {
    let dir = tempfile::tempdir().unwrap();
    let (server, port) = serve_with(
        dir.path(),
        &["--max-connections", "2", "--header-timeout", "2"],
    );
    // The health checks above have closed their connections. Two clients
    // connect and say nothing.
    std::thread::sleep(Duration::from_millis(200));
    let mut silent: Vec<TcpStream> = (0..2)
        .map(|_| TcpStream::connect(("127.0.0.1", port)).unwrap())
        .collect();
    std::thread::sleep(Duration::from_millis(200));
    // A third is answered only once the server has closed one of them.
    let answer = http_get(port, "/healthz").unwrap();
    assert!(answer.contains("200 OK"), "{answer}");
    let closed = silent
        .iter_mut()
        .map(|s| {
            s.set_read_timeout(Some(Duration::from_millis(100)))
                .unwrap();
            matches!(s.read(&mut [0; 16]), Ok(0))
        })
        .filter(|closed| *closed)
        .count();
    assert!(closed >= 1, "the third waited for a place");
    stop(server);
}

#[test]
fn shutdown_drops_what_is_still_in_flight_after_its_grace_period() {
    let dir = tempfile::tempdir().unwrap();
    let (mut server, port) = serve_with(
        dir.path(),
        &[
            "--shutdown-grace",
            "1",
            "--request-timeout",
            "600",
            "--header-timeout",
            "600",
        ],
    );
    // A request whose body is still coming when SIGTERM arrives.
    let mut in_flight = TcpStream::connect(("127.0.0.1", port)).unwrap();
    in_flight
        .write_all(
            format!(
                "POST /api/sign_in HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\nOrigin: http://127.0.0.1:{port}\r\n\
                 Content-Type: application/x-www-form-urlencoded\r\nContent-Length: 500\r\n\r\nlogin="
            )
            .as_bytes(),
        )
        .unwrap();
    std::thread::sleep(Duration::from_millis(300));
    std::process::Command::new("kill")
        .args(["-TERM", &server.id().to_string()])
        .status()
        .unwrap();
    let deadline = Instant::now() + Duration::from_secs(60);
    let status = loop {
        if let Some(status) = server.try_wait().unwrap() {
            break status;
        }
        assert!(
            Instant::now() < deadline,
            "the server waited for the slow client"
        );
        std::thread::sleep(Duration::from_millis(100));
    };
    assert!(status.success(), "{status}");
}

/// A failed sign-in through the real binary, from the client the proxy
/// names (`X-Forwarded-For`); the answer's text.
fn sign_in_as(port: u16, forwarded_for: &str, login: &str) -> String {
    let body = format!("login={login}&password=not-the-password&next=%2Fmy");
    support::http_send_with(
        port,
        "POST",
        "/api/sign_in",
        "",
        &[
            ("Content-Type", "application/x-www-form-urlencoded"),
            ("Origin", "http://localhost"),
            ("Accept-Language", "en"),
            ("X-Forwarded-For", forwarded_for),
        ],
        &body,
    )
    .unwrap()
}

/// Behind a TLS proxy every client arrives from the proxy's address. With
/// `--trusted-proxies` naming it, each client the proxy forwards is limited
/// and throttled on its own, so one attacker cannot lock everyone out; from
/// anyone else (here: without the flag) the header is ignored.
#[test]
fn behind_a_trusted_proxy_each_forwarded_client_has_its_own_limits() {
    let dir = tempfile::tempdir().unwrap();
    let (server, port) = serve_with(
        dir.path(),
        &[
            "--trusted-proxies",
            "127.0.0.1/32",
            "--rate-limit-per-address",
            "3",
        ],
    );
    let page = |forwarded_for: &str| {
        support::http_send_with(
            port,
            "GET",
            "/signin",
            "",
            &[("X-Forwarded-For", forwarded_for)],
            "",
        )
        .unwrap()
    };
    for _ in 0..3 {
        assert!(page("198.51.100.7, 203.0.113.1").split_whitespace().nth(1) == Some("200"));
    }
    assert!(
        page("203.0.113.1").split_whitespace().nth(1) == Some("429"),
        "the fourth from one client"
    );
    assert!(
        page("203.0.113.2").split_whitespace().nth(1) == Some("200"),
        "another client is not held up"
    );
    stop(server);

    // The sign-in throttle keys on the same client address: twenty
    // failures from one forwarded client (each at another login, so that
    // no login's own lock is reached) make it wait, and only it.
    let (server, port) = serve_with(
        dir.path(),
        &[
            "--trusted-proxies",
            "127.0.0.1",
            "--rate-limit-per-address",
            "0",
        ],
    );
    for attempt in 0..20 {
        let answer = sign_in_as(port, "203.0.113.1", &format!("NOBODY{attempt}"));
        assert!(answer.contains("is wrong"), "attempt {attempt}: {answer}");
    }
    assert!(sign_in_as(port, "203.0.113.1", "NOBODY99").contains("Too many failed sign-ins"));
    assert!(
        sign_in_as(port, "203.0.113.2", "NOBODY98").contains("is wrong"),
        "another client may still try"
    );
    stop(server);

    // Not trusted: the header is the client's own word, and ignored.
    let (server, port) = serve_with(dir.path(), &["--rate-limit-per-address", "3"]);
    let page = |forwarded_for: &str| {
        support::http_send_with(
            port,
            "GET",
            "/signin",
            "",
            &[("X-Forwarded-For", forwarded_for)],
            "",
        )
        .unwrap()
    };
    for n in 0..3 {
        assert!(page(&format!("203.0.113.{n}")).split_whitespace().nth(1) == Some("200"));
    }
    assert!(
        page("203.0.113.9").split_whitespace().nth(1) == Some("429"),
        "a forged header buys nothing"
    );
    stop(server);
}
