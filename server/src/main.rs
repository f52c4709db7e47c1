use std::process::ExitCode;

fn main() -> ExitCode {
    reachguard_server::cli::main()
}
