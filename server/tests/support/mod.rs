//! What the binary's tests share: the binary, a free port, and HTTP/1.0 by
//! hand (enough for small bodies, without a client crate).
#![allow(dead_code)] // each test file uses its own part

use std::net::TcpListener;
use std::process::{Command, Stdio};

pub fn reachguard() -> Command {
    let mut command = Command::new(env!("CARGO_BIN_EXE_reachguard"));
    command
        .env_remove("DATABASE_URL")
        .env_remove("REACHGUARD_ADDR")
        .env_remove("REACHGUARD_PACK")
        // A key of the test's own, rather than a file made where it runs.
        .env("REACHGUARD_SECRET_KEY", TEST_KEY);
    command
}

/// 32 bytes of zeroes in base64: the tests' secret key.
pub const TEST_KEY: &str = "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=";

pub fn free_port() -> u16 {
    TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port()
}

/// A minimal HTTP/1.0 GET, enough to read a small body without a client crate.
pub fn http_get(port: u16, path: &str) -> std::io::Result<String> {
    use std::io::{Read, Write};
    let mut stream = std::net::TcpStream::connect(("127.0.0.1", port))?;
    write!(stream, "GET {path} HTTP/1.0\r\nHost: localhost\r\n\r\n")?;
    let mut response = String::new();
    stream.read_to_string(&mut response)?;
    Ok(response)
}

pub fn http_post(port: u16, path: &str, key: &str, body: &str) -> std::io::Result<String> {
    http_send(port, "POST", path, key, body)
}

/// A request with a bearer key and a JSON body, over HTTP/1.0.
pub fn http_send(
    port: u16,
    method: &str,
    path: &str,
    key: &str,
    body: &str,
) -> std::io::Result<String> {
    http_send_with(port, method, path, key, &[], body)
}

/// [`http_send`] with more headers (a `Content-Type` among them replaces
/// JSON's).
pub fn http_send_with(
    port: u16,
    method: &str,
    path: &str,
    key: &str,
    headers: &[(&str, &str)],
    body: &str,
) -> std::io::Result<String> {
    use std::io::{Read, Write};
    let mut stream = std::net::TcpStream::connect(("127.0.0.1", port))?;
    let mut head = format!(
        "{method} {path} HTTP/1.0\r\nHost: localhost\r\nAuthorization: Bearer {key}\r\nContent-Length: {}\r\n",
        body.len()
    );
    if !headers
        .iter()
        .any(|(name, _)| name.eq_ignore_ascii_case("content-type"))
    {
        head.push_str("Content-Type: application/json\r\n");
    }
    for (name, value) in headers {
        head.push_str(&format!("{name}: {value}\r\n"));
    }
    write!(stream, "{head}\r\n{body}")?;
    let mut response = String::new();
    stream.read_to_string(&mut response)?;
    Ok(response)
}

pub fn run(args: &[&str], stdin: &str) -> (bool, String, String) {
    use std::io::Write;
    let mut child = reachguard()
        .args(args)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    child
        .stdin
        .take()
        .unwrap()
        .write_all(stdin.as_bytes())
        .unwrap();
    let output = child.wait_with_output().unwrap();
    (
        output.status.success(),
        String::from_utf8(output.stdout).unwrap(),
        String::from_utf8(output.stderr).unwrap(),
    )
}

/// `reachguard serve` on `url` at a free port, once it answers `/healthz`.
pub fn serve(url: &str) -> (std::process::Child, u16) {
    serve_with(url, &[], |_| {})
}

/// [`serve`] with more flags, and the command as `configure` leaves it
/// (standard error is discarded unless it says otherwise).
pub fn serve_with(
    url: &str,
    flags: &[&str],
    configure: impl FnOnce(&mut Command),
) -> (std::process::Child, u16) {
    let port = free_port();
    let mut command = reachguard();
    command
        .args([
            "serve",
            "--addr",
            &format!("127.0.0.1:{port}"),
            "--database-url",
            url,
        ])
        .args(flags)
        .stderr(Stdio::null());
    configure(&mut command);
    let child = command.spawn().unwrap();
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(30);
    while http_get(port, "/healthz").is_err() {
        assert!(
            std::time::Instant::now() < deadline,
            "the server never answered"
        );
        std::thread::sleep(std::time::Duration::from_millis(50));
    }
    (child, port)
}

/// Sends SIGTERM and waits for a clean exit.
pub fn stop(mut child: std::process::Child) {
    Command::new("kill")
        .args(["-TERM", &child.id().to_string()])
        .status()
        .unwrap();
    assert!(child.wait().unwrap().success());
}
