//! The command line (contract section 5).

use std::net::SocketAddr;
use std::process::ExitCode;

use clap::{Args, Parser, Subcommand};
use reachguard_domain::PolicyPack;
use reachguard_storage::DEFAULT_DATABASE_URL;

#[derive(Debug, Parser)]
#[command(
    name = "reachguard",
    version,
    about = "Reachguard: the bank's customer contact preference and do-not-call portal",
    args_conflicts_with_subcommands = true
)]
struct Cli {
    #[command(subcommand)]
    command: Option<Command>,
    /// With no command, `reachguard` serves (as `cargo leptos` runs it).
    #[command(flatten)]
    serve: ServeArgs,
}

#[derive(Debug, Subcommand)]
enum Command {
    /// Serve the web app and the lookup API.
    Serve(ServeArgs),
    /// Manage the API keys of bank systems.
    #[command(subcommand)]
    ApiKey(ApiKeyCommand),
    /// Manage staff accounts.
    #[command(subcommand)]
    Staff(StaffCommand),
    /// Act for a customer.
    #[command(subcommand)]
    Customer(CustomerCommand),
    /// The bank's policy: the version in force, and what a draft would
    /// change.
    #[command(subcommand)]
    Policy(PolicyCommand),
    /// Copy an SQLite database, while it serves, to PATH (a new file). For
    /// PostgreSQL use pg_dump.
    Backup {
        path: std::path::PathBuf,
        #[command(flatten)]
        database: DatabaseArgs,
    },
    /// Load demo customers, staff, history and policy into an empty
    /// database, and say how to sign in (staff passwords are shown once).
    Demo {
        #[command(flatten)]
        database: DatabaseArgs,
        /// The policy pack, if the database is new.
        #[arg(long, env = "REACHGUARD_PACK", default_value = "cn")]
        pack: PolicyPack,
    },
}

#[derive(Debug, Subcommand)]
enum ApiKeyCommand {
    /// Make a key; it is printed once, alone on the last line.
    Create {
        #[arg(long)]
        name: String,
        /// Comma-separated: decisions, contacts.write, customers.write,
        /// preferences.read, preferences.write, changes.read, dnc.write,
        /// inbound.write, links.write, protection.write.
        #[arg(long)]
        scopes: String,
        #[command(flatten)]
        database: DatabaseArgs,
    },
    /// Show each key's name, scopes, creation, last use and revocation.
    List {
        #[command(flatten)]
        database: DatabaseArgs,
    },
    /// Revoke a key: every server refuses it within seconds.
    Revoke {
        name: String,
        #[command(flatten)]
        database: DatabaseArgs,
    },
}

#[derive(Debug, Subcommand)]
enum StaffCommand {
    /// Make a staff account; the password is read from standard input. The
    /// one-time code that sets up its second factor is printed alone on the
    /// last line: hand it over with the password (the account chooses a new
    /// password at its first sign-in).
    Create {
        #[arg(long)]
        username: String,
        #[arg(long, value_parser = ["admin", "supervisor", "agent", "auditor"])]
        role: String,
        #[command(flatten)]
        database: DatabaseArgs,
    },
    /// A new second factor for an account at its next sign-in (a lost
    /// phone, or a lost secret key): prints the set-up code alone on the
    /// last line.
    ResetSecondFactor {
        #[arg(long)]
        username: String,
        #[command(flatten)]
        database: DatabaseArgs,
    },
}

#[derive(Debug, Subcommand)]
enum CustomerCommand {
    /// Print a one-time activation code, alone on the last line, with which
    /// the borrower creates a login.
    Invite {
        customer_id: String,
        #[command(flatten)]
        database: DatabaseArgs,
    },
}

#[derive(Debug, Subcommand)]
enum PolicyCommand {
    /// Print the version in force as JSON: {"pack", "version", "settings"}.
    Show {
        #[command(flatten)]
        database: DatabaseArgs,
    },
    /// Judge the decisions kept in the last 7 or 30 days again, each at its
    /// own instant, under SETTINGS (a JSON file shaped as `settings` in
    /// `policy show`), and print what would change as JSON. Nothing is
    /// written; settings looser than the pack are refused.
    WhatIf {
        settings: std::path::PathBuf,
        #[arg(long, default_value = "30", value_parser = ["7", "30"])]
        days: String,
        #[command(flatten)]
        database: DatabaseArgs,
    },
}

#[derive(Debug, Clone, Args)]
pub struct DatabaseArgs {
    /// sqlite://FILE (created on first start) or postgres://USER@HOST/DATABASE.
    // `hide_env_values`: --help would otherwise print the URL from the
    // environment, password and all.
    #[arg(long, env = "DATABASE_URL", default_value = DEFAULT_DATABASE_URL, hide_env_values = true)]
    pub database_url: String,
}

#[derive(Debug, Clone, Args)]
pub struct ServeArgs {
    /// Where to listen.
    #[arg(long, env = "REACHGUARD_ADDR", default_value = "127.0.0.1:3000")]
    pub addr: SocketAddr,
    #[command(flatten)]
    pub database: DatabaseArgs,
    /// The policy pack of a new database; an existing one keeps its own.
    #[arg(long, env = "REACHGUARD_PACK", default_value = "cn")]
    pub pack: PolicyPack,
    /// The address people and links use, such as
    /// https://contact.bank.example: links in messages are built on it, and
    /// pages accept changes only from it. Unset, the listening address.
    #[arg(long, env = "REACHGUARD_PUBLIC_URL", value_parser = public_url)]
    pub public_url: Option<reachguard_core::links::PublicUrl>,
    /// Serve `/metrics` here (an address only the monitoring network
    /// reaches), and then not on the main address.
    #[arg(long, env = "REACHGUARD_METRICS_ADDR")]
    pub metrics_addr: Option<SocketAddr>,
    /// The proxies (addresses or CIDR blocks, comma-separated) whose
    /// X-Forwarded-For or Forwarded header names the client; from anyone
    /// else the header is ignored.
    #[arg(long, env = "REACHGUARD_TRUSTED_PROXIES", value_parser = trusted_proxies, default_value = "")]
    pub trusted_proxies: crate::client_address::TrustedProxies,
    /// The file holding the key that seals the staff's second-factor
    /// secrets (made, readable by its owner only, if missing). Keep a copy
    /// apart from the database's backups.
    #[arg(
        long,
        env = "REACHGUARD_SECRET_KEY_FILE",
        default_value = "reachguard.key"
    )]
    pub secret_key_file: std::path::PathBuf,
    /// The site is served over HTTPS (directly or behind a proxy that
    /// terminates TLS): session cookies are marked Secure and responses
    /// carry Strict-Transport-Security.
    #[arg(long, env = "REACHGUARD_SECURE_COOKIES")]
    pub secure_cookies: bool,
    /// Requests a second each API key may make (a burst of as many); 0 sets
    /// no limit.
    #[arg(long, env = "REACHGUARD_RATE_LIMIT_PER_KEY", default_value_t = 5_000)]
    pub rate_limit_per_key: u32,
    /// Requests a second each client address may make to the pages, and to
    /// the API without a verified key; 0 sets no limit.
    #[arg(long, env = "REACHGUARD_RATE_LIMIT_PER_ADDRESS", default_value_t = 100)]
    pub rate_limit_per_address: u32,
    /// Connections open at once; more wait to be accepted.
    #[arg(long, env = "REACHGUARD_MAX_CONNECTIONS", default_value_t = 2_048)]
    pub max_connections: usize,
    /// Seconds a client has to send a request's headers, and that a
    /// kept-alive connection may sit idle.
    #[arg(long, env = "REACHGUARD_HEADER_TIMEOUT", default_value_t = 30)]
    pub header_timeout: u64,
    /// Seconds from a request's headers to its answer (the national list's
    /// upload excepted); later, 408.
    #[arg(long, env = "REACHGUARD_REQUEST_TIMEOUT", default_value_t = 60)]
    pub request_timeout: u64,
    /// Seconds requests in flight may take to finish after SIGTERM; then
    /// they are dropped (every decision answered is still written).
    #[arg(long, env = "REACHGUARD_SHUTDOWN_GRACE", default_value_t = 30)]
    pub shutdown_grace: u64,
    /// Days kept decisions and contact attempts are kept; older ones are
    /// deleted once a day. 0 keeps them for ever.
    #[arg(long, env = "REACHGUARD_RETENTION_DAYS", default_value_t = reachguard_core::retention::DEFAULT_KEEP_DAYS, value_parser = retention_days)]
    pub retention_days: u32,
    /// Megabytes of memory for the read model, from which decisions are
    /// answered without the database; customers beyond it are read from the
    /// database. 0 turns the model off.
    #[arg(long, env = "REACHGUARD_READ_MODEL_MB", default_value_t = reachguard_core::read_model::DEFAULT_BUDGET_MB)]
    pub read_model_mb: usize,
}

fn trusted_proxies(text: &str) -> Result<crate::client_address::TrustedProxies, String> {
    crate::client_address::TrustedProxies::parse(text)
}

fn public_url(text: &str) -> Result<reachguard_core::links::PublicUrl, String> {
    reachguard_core::links::PublicUrl::parse(text)
}

/// 0 (for ever) or at least [`MIN_KEEP_DAYS`]: the caps look back over
/// recent attempts, and deleting those would let a system call again.
fn retention_days(text: &str) -> Result<u32, String> {
    use reachguard_core::retention::MIN_KEEP_DAYS;
    match text.parse::<u32>() {
        Ok(days) if days == 0 || days >= MIN_KEEP_DAYS => Ok(days),
        _ => Err(format!(
            "use 0 (keep for ever) or at least {MIN_KEEP_DAYS} days"
        )),
    }
}

impl ServeArgs {
    pub fn limits(&self) -> crate::listen::Limits {
        use std::time::Duration;
        crate::listen::Limits {
            max_connections: self.max_connections.max(1),
            header_read: Duration::from_secs(self.header_timeout.max(1)),
            shutdown_grace: Duration::from_secs(self.shutdown_grace),
        }
    }
}

/// Runs the command line and turns any failure into one line on standard
/// error and a non-zero exit, never a panic trace.
pub fn main() -> ExitCode {
    let cli = Cli::parse();
    init_logging();
    let runtime = match tokio::runtime::Runtime::new() {
        Ok(runtime) => runtime,
        Err(error) => return fail(anyhow::Error::new(error).context("cannot start the runtime")),
    };
    let result = runtime.block_on(run(cli));
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(error) => fail(error),
    }
}

/// How the audit log names changes made at the command line: by whoever
/// can run the binary against the database.
const OPERATOR: &str = "system:cli";

async fn run(cli: Cli) -> anyhow::Result<()> {
    use crate::commands;
    use reachguard_storage::Database;
    match cli.command {
        None => crate::serve::serve(cli.serve).await,
        Some(Command::Serve(args)) => crate::serve::serve(args).await,
        Some(Command::ApiKey(ApiKeyCommand::Create {
            name,
            scopes,
            database,
        })) => {
            let db = Database::connect(&database.database_url).await?;
            let key = commands::create_api_key(&db, &name, &scopes).await?;
            println!("API key for {name} (shown once; keep it in the system's secret store):");
            println!("{key}");
            Ok(())
        }
        Some(Command::ApiKey(ApiKeyCommand::List { database })) => {
            let db = Database::connect(&database.database_url).await?;
            print!("{}", commands::list_api_keys(&db).await?);
            Ok(())
        }
        Some(Command::ApiKey(ApiKeyCommand::Revoke { name, database })) => {
            let db = Database::connect(&database.database_url).await?;
            commands::revoke_api_key(&db, &name).await?;
            println!("API key {name} revoked; every server refuses it within seconds");
            Ok(())
        }
        Some(Command::Staff(StaffCommand::Create {
            username,
            role,
            database,
        })) => {
            let password = commands::read_password()?;
            let db = Database::connect(&database.database_url).await?;
            let code = commands::create_staff(&db, &username, &role, password, OPERATOR).await?;
            println!(
                "staff account {username} ({role}) created; it sets up its second factor with this code (valid for a week) and chooses a new password at its first sign-in:"
            );
            println!("{code}");
            Ok(())
        }
        Some(Command::Staff(StaffCommand::ResetSecondFactor { username, database })) => {
            let db = Database::connect(&database.database_url).await?;
            let code = commands::reset_second_factor(&db, &username).await?;
            println!(
                "{username} sets up a new second factor at the next sign-in with this code (valid for a week):"
            );
            println!("{code}");
            Ok(())
        }
        Some(Command::Customer(CustomerCommand::Invite {
            customer_id,
            database,
        })) => {
            let db = Database::connect(&database.database_url).await?;
            let (code, expires) = commands::invite_customer(&db, &customer_id).await?;
            println!(
                "activation code for {customer_id}, valid until {}:",
                expires.format("%Y-%m-%d %H:%M UTC")
            );
            println!("{code}");
            Ok(())
        }
        Some(Command::Policy(PolicyCommand::Show { database })) => {
            let db = Database::connect(&database.database_url).await?;
            let policy = db.current_policy().await?;
            println!(
                "{}",
                serde_json::to_string_pretty(&serde_json::json!({
                    "pack": policy.pack.as_str(),
                    "version": policy.version,
                    "settings": policy.settings,
                }))?
            );
            Ok(())
        }
        Some(Command::Policy(PolicyCommand::WhatIf {
            settings,
            days,
            database,
        })) => {
            use anyhow::Context;
            let text = std::fs::read_to_string(&settings)
                .with_context(|| format!("cannot read {}", settings.display()))?;
            let draft: reachguard_domain::BankSettings = serde_json::from_str(&text)
                .with_context(|| format!("{} is not policy settings", settings.display()))?;
            let db = Database::connect(&database.database_url).await?;
            let services = reachguard_core::Services::start(db);
            let days: i64 = days.parse()?;
            match reachguard_core::what_if::replay(
                &services,
                &draft,
                days,
                chrono::Utc::now(),
                |_| {},
            )
            .await
            {
                Ok(result) => {
                    println!("{}", serde_json::to_string_pretty(&result)?);
                    Ok(())
                }
                Err(reachguard_core::what_if::WhatIfError::Refused(errors)) => {
                    let named: Vec<String> = errors
                        .iter()
                        .map(|e| format!("{}: {}", e.field, e.message))
                        .collect();
                    anyhow::bail!("the draft is refused: {}", named.join("; "))
                }
                Err(reachguard_core::what_if::WhatIfError::Storage(error)) => Err(error.into()),
                Err(error @ reachguard_core::what_if::WhatIfError::Broken) => Err(error.into()),
            }
        }
        Some(Command::Backup { path, database }) => {
            reachguard_storage::backup_sqlite(&database.database_url, &path).await?;
            println!("backed up to {}", path.display());
            Ok(())
        }
        Some(Command::Demo { database, pack }) => {
            let db = Database::connect(&database.database_url).await?;
            let policy = db.current_policy_or_init(pack).await?;
            let loaded = crate::demo::load(&db, &policy).await?;
            println!(
                "loaded {} demo customers (DEMO0001 to DEMO{:04}) with four weeks of contacts",
                crate::demo::CUSTOMERS,
                crate::demo::CUSTOMERS
            );
            println!(
                "staff sign in at /staff/signin with these passwords and set-up codes (shown once):"
            );
            for (username, password, code) in &loaded.staff_passwords {
                println!("  {username}: {password} set-up code {code}");
            }
            println!(
                "at the first sign-in each sets up an authenticator app (TOTP) with the set-up code and the QR code shown, and chooses a new password"
            );
            println!(
                "borrowers {} sign in at /signin with the password {}",
                crate::demo::BORROWERS_SIGNED_UP.join(", "),
                crate::demo::BORROWER_PASSWORD
            );
            println!(
                "borrower {} can activate a login at /activate with the code {}",
                crate::demo::BORROWER_TO_ACTIVATE,
                loaded.activation_code
            );
            println!("API key for demo-system, every scope (shown once):");
            println!("{}", loaded.api_key);
            Ok(())
        }
    }
}

fn fail(error: anyhow::Error) -> ExitCode {
    eprintln!("reachguard: {error:#}");
    ExitCode::FAILURE
}

/// Logs go to standard error: text for a person, or one JSON object a line
/// (`REACHGUARD_LOG_FORMAT=json`) for a log collector, each line with the
/// request's id and route when written while serving one.
fn init_logging() {
    use tracing_subscriber::EnvFilter;
    let filter = EnvFilter::try_from_env("REACHGUARD_LOG")
        .unwrap_or_else(|_| EnvFilter::new("info,sqlx=warn"));
    let logs = tracing_subscriber::fmt()
        .with_env_filter(filter)
        .with_writer(std::io::stderr);
    if std::env::var("REACHGUARD_LOG_FORMAT").is_ok_and(|f| f.eq_ignore_ascii_case("json")) {
        logs.json()
            .with_current_span(true)
            .with_span_list(false)
            .init();
    } else {
        logs.init();
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use clap::CommandFactory;

    #[test]
    fn the_command_line_is_well_formed() {
        Cli::command().debug_assert();
    }

    #[test]
    fn serve_takes_address_database_and_pack() {
        let cli = Cli::try_parse_from([
            "reachguard",
            "serve",
            "--addr",
            "0.0.0.0:8080",
            "--database-url",
            "postgres://postgres@127.0.0.1/test",
            "--pack",
            "us",
        ])
        .unwrap();
        let Some(Command::Serve(args)) = cli.command else {
            panic!("expected serve");
        };
        assert_eq!(args.addr, "0.0.0.0:8080".parse().unwrap());
        assert_eq!(
            args.database.database_url,
            "postgres://postgres@127.0.0.1/test"
        );
        assert_eq!(args.pack, PolicyPack::Us);
        assert_eq!(
            (args.rate_limit_per_key, args.rate_limit_per_address),
            (5_000, 100),
            "the default limits"
        );
    }

    #[test]
    fn rate_limits_are_set_on_the_command_line() {
        let cli = Cli::try_parse_from([
            "reachguard",
            "serve",
            "--rate-limit-per-key",
            "0",
            "--rate-limit-per-address",
            "20",
        ])
        .unwrap();
        let Some(Command::Serve(args)) = cli.command else {
            panic!("expected serve");
        };
        assert_eq!(
            (args.rate_limit_per_key, args.rate_limit_per_address),
            (0, 20)
        );
    }

    #[test]
    fn an_unknown_pack_is_refused() {
        let err = Cli::try_parse_from(["reachguard", "serve", "--pack", "eu"]).unwrap_err();
        assert!(
            err.to_string().contains("unknown policy pack `eu`"),
            "{err}"
        );
    }
}
