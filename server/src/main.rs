use std::process::ExitCode;

/// mimalloc rather than glibc's malloc: a 10,000 batch in 63-77 ms rather
/// than 85-113, back to back 153-199 ms rather than 215-285, the same RSS
/// (docs/benchmarks.md).
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() -> ExitCode {
    reachguard_server::cli::main()
}
