//! Two `reachguard serve` processes on one database: a preference change,
//! an attempt, a national-list swap, an SMS opt-out keyword and extra care
//! put in place or ended through one, and a policy version written by
//! another process, are honoured by the other server's decisions within a
//! second. 102 trials; the delays (from the write's
//! acknowledgement to the first answer from the other server that honours
//! it) are printed as p50 / p99 / max. On PostgreSQL (NOTIFY wakes the
//! followers) when `REACHGUARD_TEST_POSTGRES_URL` is set, and on SQLite
//! (two processes on one file: polling alone).

use std::time::{Duration, Instant};

use chrono::{Datelike, Timelike, Utc};
use reachguard_domain::{Actor, BankSettings, PolicyPack};
use reachguard_storage::on_both_databases;
use serde_json::{Value, json};

mod support;
use support::run;

const SCOPES: &str = "decisions,contacts.write,customers.write,preferences.read,preferences.write,dnc.write,inbound.write,protection.write";
const TRIALS: usize = 102;
/// Preferences, attempt, national list, SMS keyword, policy, extra care.
const KINDS: usize = 6;
const WITHIN: Duration = Duration::from_secs(1);
const M_PHONE: &str = "+8613900000001";

/// Whether an answer honours a trial's write.
type Honoured = Box<dyn Fn(&Value) -> bool>;

/// One HTTP/1.0 exchange: the status and the JSON body.
fn call(
    port: u16,
    method: &str,
    path: &str,
    key: &str,
    headers: &[(&str, &str)],
    body: &str,
) -> (u16, Value) {
    let response = support::http_send_with(port, method, path, key, headers, body).unwrap();
    let status = response
        .get(9..12)
        .and_then(|s| s.parse().ok())
        .unwrap_or(0);
    let body = response.split_once("\r\n\r\n").map_or("", |(_, body)| body);
    (status, serde_json::from_str(body).unwrap_or(Value::Null))
}

/// Ten in the morning in Shanghai on the next weekday, so that legal hours
/// and windows never hide the reasons the trials look for; and after every
/// attempt the trials record.
fn weekday_morning() -> String {
    let shanghai = chrono_tz::Asia::Shanghai;
    let mut day = Utc::now()
        .with_timezone(&shanghai)
        .date_naive()
        .succ_opt()
        .unwrap();
    while day.weekday().number_from_monday() > 5 {
        day = day.succ_opt().unwrap();
    }
    let at = day
        .and_hms_opt(10, 0, 0)
        .unwrap()
        .and_local_timezone(shanghai)
        .unwrap();
    assert_eq!(at.hour(), 10);
    at.with_timezone(&Utc)
        .to_rfc3339_opts(chrono::SecondsFormat::Secs, true)
}

fn decide(port: u16, key: &str, customer: &str, channel: &str, purpose: &str, at: &str) -> Value {
    let body = json!({"customer_id": customer, "channel": channel, "purpose": purpose, "at": at})
        .to_string();
    let (status, answer) = call(port, "POST", "/api/v1/decisions", key, &[], &body);
    assert_eq!(status, 200, "{answer}");
    answer
}

fn has_reason(answer: &Value, code: &str) -> bool {
    answer["reasons"]
        .as_array()
        .unwrap()
        .iter()
        .any(|r| r["code"] == code)
}

fn wait_until_current(port: u16) {
    let deadline = Instant::now() + Duration::from_secs(30);
    loop {
        let (_, health) = call(port, "GET", "/healthz", "", &[], "");
        if health["read_model"]["state"] == "current" {
            return;
        }
        assert!(
            Instant::now() < deadline,
            "the read model never loaded: {health}"
        );
        std::thread::sleep(Duration::from_millis(50));
    }
}

/// How long after `written` the other server's answer first satisfies
/// `honoured`.
fn delay(
    written: Instant,
    mut answer: impl FnMut() -> Value,
    honoured: impl Fn(&Value) -> bool,
) -> Duration {
    loop {
        let seen = answer();
        if honoured(&seen) {
            return written.elapsed();
        }
        assert!(
            written.elapsed() < Duration::from_secs(5),
            "never honoured: {seen}"
        );
        std::thread::sleep(Duration::from_millis(2));
    }
}

on_both_databases! {
    async fn writes_through_one_server_reach_the_other_within_a_second(test_db) {
        let url = test_db.url.clone();
        let db = test_db.db.clone();
        let (ok, out, err) = run(&["api-key", "create", "--name", "dialer", "--scopes", SCOPES, "--database-url", &url], "");
        assert!(ok, "{err}");
        let key = out.lines().last().unwrap().to_owned();
        let (first, a) = support::serve_with(&url, &["--rate-limit-per-key", "0", "--rate-limit-per-address", "0"], |_| {});
        let first = Stopped(Some(first));
        let (second, b) = support::serve_with(&url, &["--rate-limit-per-key", "0", "--rate-limit-per-address", "0"], |_| {});
        let second = Stopped(Some(second));

        // Through A: the customer whose preferences and listing change, and
        // one customer per attempt trial, each allowed one call a week.
        let customer = |id: &str, phone: &str| {
            let (status, body) = call(a, "PUT", &format!("/api/v1/customers/{id}"), &key, &[], &json!({"name": "Li Wei", "phones": [phone]}).to_string());
            assert_eq!(status, 201, "{body}");
        };
        customer("M000", M_PHONE);
        let attempt_customers: Vec<String> = (0..TRIALS / KINDS).map(|k| format!("T{k:03}")).collect();
        for (k, id) in attempt_customers.iter().enumerate() {
            customer(id, &format!("+86139100{k:05}"));
            let document = json!({"do_not_call": false, "purposes": {}, "contact_windows": [], "max_calls_per_week": 1, "source": "phone", "actor": "staff:wang"});
            let (status, body) = call(a, "PUT", &format!("/api/v1/customers/{id}/preferences"), &key, &[("If-Match", "\"1\"")], &document.to_string());
            assert_eq!(status, 200, "{body}");
        }
        // One customer per keyword trial, who takes marketing by SMS.
        let sms_customers: Vec<(String, String)> = (0..TRIALS / KINDS).map(|k| (format!("S{k:03}"), format!("+86139200{k:05}"))).collect();
        for (id, phone) in &sms_customers {
            customer(id, phone);
            let document = json!({"do_not_call": false, "purposes": {"marketing.wealth": {"channels": ["sms", "email"]}}, "contact_windows": [], "source": "phone", "actor": "staff:wang"});
            let (status, body) = call(a, "PUT", &format!("/api/v1/customers/{id}/preferences"), &key, &[("If-Match", "\"1\"")], &document.to_string());
            assert_eq!(status, 200, "{body}");
        }
        wait_until_current(a);
        wait_until_current(b);

        let at = weekday_morning();
        let mut delays: [Vec<Duration>; KINDS] = Default::default();
        let (mut version, mut do_not_call, mut listed, mut limited, mut cared) = (1, false, false, false, false);
        for trial in 0..TRIALS {
            let kind = trial % KINDS;
            let (written, honoured): (Instant, Honoured) = match kind {
                0 => {
                    do_not_call = !do_not_call;
                    let document = json!({"do_not_call": do_not_call, "purposes": {}, "contact_windows": [], "source": "phone", "actor": "staff:wang"});
                    let tag = format!("\"{version}\"");
                    let (status, body) = call(a, "PUT", "/api/v1/customers/M000/preferences", &key, &[("If-Match", &tag)], &document.to_string());
                    assert_eq!(status, 200, "{body}");
                    let written = Instant::now();
                    version += 1;
                    let want = do_not_call;
                    (written, Box::new(move |answer| has_reason(answer, "do_not_call") == want))
                }
                1 => {
                    let id = &attempt_customers[trial / KINDS];
                    assert!(!has_reason(&decide(b, &key, id, "voice", "collections", &at), "frequency_cap"));
                    let attempt = json!({"customer_id": id, "channel": "voice", "purpose": "collections", "outcome": "connected"});
                    let (status, body) = call(a, "POST", "/api/v1/contact-attempts", &key, &[], &attempt.to_string());
                    assert_eq!(status, 201, "{body}");
                    (Instant::now(), Box::new(|answer| has_reason(answer, "frequency_cap")))
                }
                2 => {
                    listed = !listed;
                    let list = if listed { format!("{M_PHONE}\n") } else { "+8613999999999\n".to_owned() };
                    let (status, body) = call(a, "PUT", "/api/v1/national-dnc", &key, &[("Content-Type", "text/csv")], &list);
                    assert_eq!(status, 200, "{body}");
                    let want = listed;
                    (Instant::now(), Box::new(move |answer| has_reason(answer, "national_dnc") == want))
                }
                3 => {
                    let (id, phone) = &sms_customers[trial / KINDS];
                    assert!(decide(b, &key, id, "sms", "marketing.wealth", &at)["allowed"] == true);
                    let message = json!({"message_id": format!("sms-{trial}"), "from": phone, "text": "TD", "received_at": Utc::now().to_rfc3339()});
                    let (status, body) = call(a, "POST", "/api/v1/inbound-messages", &key, &[], &message.to_string());
                    assert_eq!((status, body["action"].as_str()), (200, Some("opted_out")), "{body}");
                    (Instant::now(), Box::new(|answer| has_reason(answer, "channel_declined")))
                }
                5 => {
                    cared = !cared;
                    let (status, body) = if cared {
                        let care = json!({"reason": "illness", "until": (Utc::now() + chrono::Duration::days(30)).to_rfc3339(), "actor": "system:collections"});
                        call(a, "PUT", "/api/v1/customers/M000/protection", &key, &[], &care.to_string())
                    } else {
                        call(a, "DELETE", "/api/v1/customers/M000/protection", &key, &[], "")
                    };
                    assert!(status == 200 || status == 204, "{status} {body}");
                    let want = cared;
                    (Instant::now(), Box::new(move |answer| has_reason(answer, "protected_customer") == want))
                }
                _ => {
                    // Policies are set on the staff pages; here another
                    // process writes the version, as a staff server would.
                    limited = !limited;
                    let settings = BankSettings { marketing_limit: limited.then_some(1), ..BankSettings::default() };
                    let policy = db.set_policy(PolicyPack::Cn, &settings, &Actor::Staff("admin".into())).await.unwrap();
                    let label = policy.label();
                    (Instant::now(), Box::new(move |answer| answer["policy"] == label.as_str()))
                }
            };
            let (customer, channel, purpose) = match kind {
                1 => (attempt_customers[trial / KINDS].as_str(), "voice", "collections"),
                0 => ("M000", "voice", "collections"),
                3 => (sms_customers[trial / KINDS].0.as_str(), "sms", "marketing.wealth"),
                _ => ("M000", "voice", "marketing.wealth"),
            };
            if kind != 4 {
                // A reads its own writes at once.
                let own = decide(a, &key, customer, channel, purpose, &at);
                assert!(honoured(&own), "trial {trial}: A's own write is not in its answer: {own}");
            }
            let took = delay(written, || decide(b, &key, customer, channel, purpose, &at), &honoured);
            delays[kind].push(took);
        }

        let mut all: Vec<Duration> = delays.iter().flatten().copied().collect();
        all.sort();
        let percentile = |sorted: &[Duration], p: f64| sorted[((sorted.len() - 1) as f64 * p).round() as usize];
        let ms = |d: Duration| format!("{:.1} ms", d.as_secs_f64() * 1000.0);
        for (name, mut times) in ["preferences", "attempt", "national list", "sms keyword", "policy", "extra care"].into_iter().zip(delays) {
            times.sort();
            eprintln!("{} ({}): {name}: p50 {}, p99 {}, max {}", db.backend(), times.len(), ms(percentile(&times, 0.5)), ms(percentile(&times, 0.99)), ms(*times.last().unwrap()));
        }
        eprintln!("{} ({} trials): all: p50 {}, p99 {}, max {}", db.backend(), all.len(), ms(percentile(&all, 0.5)), ms(percentile(&all, 0.99)), ms(*all.last().unwrap()));
        assert!(*all.last().unwrap() < WITHIN, "a write took {} to reach the other server", ms(*all.last().unwrap()));
        first.stop();
        second.stop();
    }
}

/// A server that is killed if the test fails before stopping it, so that no
/// process outlives the test.
struct Stopped(Option<std::process::Child>);

impl Stopped {
    fn stop(mut self) {
        support::stop(self.0.take().unwrap());
    }
}

impl Drop for Stopped {
    fn drop(&mut self) {
        if let Some(mut child) = self.0.take() {
            let _ = child.kill();
            let _ = child.wait();
        }
    }
}
