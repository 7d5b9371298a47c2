//! `yoti-age`: sessions, Proof of Age, webhooks and the local sandbox from the command line.

mod args;
mod commands;
mod demo;
mod exit;
mod output;
mod sandbox;

use clap::Parser;

fn main() -> std::process::ExitCode {
    let cli = args::Cli::parse();
    let runtime = match tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
    {
        Ok(rt) => rt,
        Err(e) => {
            eprintln!("error: could not start the async runtime: {e}");
            return exit::Code::Failure.into();
        }
    };
    let json = cli.json;
    match runtime.block_on(commands::run(cli)) {
        Ok(code) => code.into(),
        Err(e) => {
            output::print_error(&e, json);
            exit::Code::from_error(&e).into()
        }
    }
}
