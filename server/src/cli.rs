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
}

#[derive(Debug, Clone, Args)]
pub struct DatabaseArgs {
    /// sqlite://FILE (created on first start) or postgres://USER@HOST/DATABASE.
    #[arg(long, env = "DATABASE_URL", default_value = DEFAULT_DATABASE_URL)]
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
    let result = runtime.block_on(async {
        match cli.command {
            Some(Command::Serve(args)) => crate::serve::serve(args).await,
            None => crate::serve::serve(cli.serve).await,
        }
    });
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(error) => fail(error),
    }
}

fn fail(error: anyhow::Error) -> ExitCode {
    eprintln!("reachguard: {error:#}");
    ExitCode::FAILURE
}

fn init_logging() {
    use tracing_subscriber::EnvFilter;
    let filter = EnvFilter::try_from_env("REACHGUARD_LOG")
        .unwrap_or_else(|_| EnvFilter::new("info,sqlx=warn"));
    tracing_subscriber::fmt()
        .with_env_filter(filter)
        .with_writer(std::io::stderr)
        .init();
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
