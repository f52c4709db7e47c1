//! Load from Debian's `wrk`, and its report read back as figures.

use std::path::{Path, PathBuf};
use std::process::Command;

use anyhow::{Context, bail};

pub struct Load {
    pub requests_per_second: f64,
    pub p50_ms: f64,
    pub p99_ms: f64,
}

/// One thread for wrk, so that the server keeps a core of its own on a
/// two-core machine.
pub fn run(
    url: &str,
    script: Option<&Path>,
    connections: u32,
    seconds: u32,
) -> anyhow::Result<Load> {
    let mut command = Command::new("wrk");
    command.args([
        "-t1",
        &format!("-c{connections}"),
        &format!("-d{seconds}s"),
        "--latency",
    ]);
    if let Some(script) = script {
        command.arg("-s").arg(script);
    }
    let output = command
        .arg(url)
        .output()
        .context("cannot run wrk: apt-get install wrk")?;
    let report = String::from_utf8_lossy(&output.stdout);
    if !output.status.success() {
        bail!("wrk failed: {report}");
    }
    if report.contains("Non-2xx") {
        bail!("the server answered errors under load:\n{report}");
    }
    parse(&report).with_context(|| format!("cannot read wrk's report:\n{report}"))
}

fn parse(report: &str) -> Option<Load> {
    let field = |prefix: &str| {
        report
            .lines()
            .find_map(|l| l.trim().strip_prefix(prefix).map(str::trim))
    };
    Some(Load {
        requests_per_second: field("Requests/sec:")?.parse().ok()?,
        p50_ms: millis(field("50%")?)?,
        p99_ms: millis(field("99%")?)?,
    })
}

/// wrk prints latencies as `812.00us`, `1.23ms` or `1.02s`.
fn millis(text: &str) -> Option<f64> {
    let (number, factor) = if let Some(n) = text.strip_suffix("us") {
        (n, 0.001)
    } else if let Some(n) = text.strip_suffix("ms") {
        (n, 1.0)
    } else if let Some(n) = text.strip_suffix('s') {
        (n, 1000.0)
    } else {
        return None;
    };
    number.parse::<f64>().ok().map(|n| n * factor)
}

/// A Lua script that asks about a random customer on each request.
pub fn decision_script(dir: &Path, key: &str, customers: usize) -> anyhow::Result<PathBuf> {
    let path = dir.join("decisions.lua");
    let script = format!(
        r#"wrk.method = "POST"
wrk.headers["Content-Type"] = "application/json"
wrk.headers["Authorization"] = "Bearer {key}"
local channels = {{"voice", "sms", "email", "push"}}
local purposes = {{"repayment_reminder", "collections", "marketing.wealth", "loan_servicing"}}
request = function()
  local n = math.random(0, {last})
  local body = string.format('{{"customer_id":"B%06d","channel":"%s","purpose":"%s"}}',
    n, channels[math.random(1, 4)], purposes[math.random(1, 4)])
  return wrk.format(nil, nil, nil, body)
end
"#,
        last = customers - 1
    );
    std::fs::write(&path, script)?;
    Ok(path)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn wrk_latencies_read_in_every_unit() {
        assert_eq!(millis("812.00us"), Some(0.812));
        assert_eq!(millis("1.50ms"), Some(1.5));
        assert_eq!(millis("1.02s"), Some(1020.0));
        assert_eq!(millis("fast"), None);
    }

    #[test]
    fn a_wrk_report_gives_rate_and_percentiles() {
        let report = "  Latency Distribution\n     50%  420.00us\n     75%  600.00us\n     90%    1.00ms\n     99%    2.50ms\n  100 requests in 1.00s\nRequests/sec:  12345.67\n";
        let load = parse(report).unwrap();
        assert_eq!(load.requests_per_second, 12345.67);
        assert_eq!(load.p50_ms, 0.42);
        assert_eq!(load.p99_ms, 2.5);
    }
}
