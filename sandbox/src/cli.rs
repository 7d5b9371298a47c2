//! Command-line entry of the sandbox, shared by the `yoti-age-sandbox` binary and
//! `yoti-age sandbox`.

use std::path::PathBuf;

use tokio::io::AsyncReadExt;

use crate::{Sandbox, SandboxConfig};

/// Usage text.
pub const USAGE: &str = "\
Usage: yoti-age sandbox [options]

Runs the local Yoti AVS and Proof of Age sandbox on loopback.

Options:
  --port N                 port to listen on (default 8080; 0 picks a free one)
  --host ADDR              address to listen on (default 127.0.0.1)
  --sdk-id ID              SDK id to accept (default: random)
  --api-key KEY            API key to accept (default: random)
  --token-ttl SECONDS      lifetime of issued OAuth tokens (default 2700)
  --state FILE             keep sessions in this SQLite file across restarts
  --webhook-key FILE       webhook signing key (PEM); created if missing
  --allow-remote-webhooks  also deliver webhooks to non-loopback hosts
  --print-config           print one JSON line with URLs and credentials, then serve
                           until stdin closes or a signal arrives
  -h, --help               this text";

/// Parsed options.
#[derive(Debug)]
pub struct Options {
    /// Sandbox configuration.
    pub config: SandboxConfig,
    /// Print the machine-readable config line and stop on stdin EOF.
    pub print_config: bool,
}

/// Parses arguments (without the program name). `Ok(None)` means help was asked for.
pub fn parse(args: &[String]) -> Result<Option<Options>, String> {
    let mut config = SandboxConfig {
        port: 8080,
        ..SandboxConfig::default()
    };
    let mut print_config = false;
    let mut it = args.iter();
    while let Some(arg) = it.next() {
        let mut value = |name: &str| {
            it.next()
                .cloned()
                .ok_or_else(|| format!("{name}: needs a value"))
        };
        match arg.as_str() {
            "-h" | "--help" => return Ok(None),
            "--port" => {
                config.port = value("--port")?
                    .parse()
                    .map_err(|_| "--port: must be 0..65535".to_owned())?
            }
            "--host" => {
                config.host = value("--host")?
                    .parse()
                    .map_err(|_| "--host: must be an IP address".to_owned())?
            }
            "--sdk-id" => config.sdk_id = Some(value("--sdk-id")?),
            "--api-key" => config.api_key = Some(value("--api-key")?),
            "--token-ttl" => {
                let s: u64 = value("--token-ttl")?
                    .parse()
                    .map_err(|_| "--token-ttl: must be seconds".to_owned())?;
                config.token_ttl = std::time::Duration::from_secs(s);
            }
            "--state" => config.state_file = Some(PathBuf::from(value("--state")?)),
            "--webhook-key" => {
                config.webhook_key_file = Some(PathBuf::from(value("--webhook-key")?))
            }
            "--allow-remote-webhooks" => config.allow_remote_webhooks = true,
            "--print-config" => print_config = true,
            other => return Err(format!("{other}: unknown option (see --help)")),
        }
    }
    Ok(Some(Options {
        config,
        print_config,
    }))
}

async fn stdin_closed() {
    let mut stdin = tokio::io::stdin();
    let mut buf = [0u8; 256];
    while matches!(stdin.read(&mut buf).await, Ok(n) if n > 0) {}
}

async fn signal() {
    #[cfg(unix)]
    {
        use tokio::signal::unix::{signal, SignalKind};
        if let Ok(mut term) = signal(SignalKind::terminate()) {
            tokio::select! {
                _ = tokio::signal::ctrl_c() => {}
                _ = term.recv() => {}
            }
            return;
        }
    }
    let _ = tokio::signal::ctrl_c().await;
}

/// Runs the sandbox from command-line arguments until it is told to stop.
pub async fn run(args: &[String]) -> Result<(), String> {
    let Some(options) = parse(args)? else {
        println!("{USAGE}");
        return Ok(());
    };
    let sandbox = Sandbox::start(options.config)
        .await
        .map_err(|e| e.to_string())?;
    let config = serde_json::json!({
        "base_url": sandbox.base_url(), "avs_url": sandbox.avs_url(), "poa_url": sandbox.poa_url(),
        "auth_url": sandbox.auth_url(), "sdk_id": sandbox.sdk_id(), "api_key": sandbox.api_key(),
        "webhook_public_key_pem": sandbox.webhook_public_key_pem(),
    });
    if options.print_config {
        println!("{config}");
        tokio::select! {
            _ = stdin_closed() => {}
            _ = signal() => {}
        }
    } else {
        println!("yoti-age sandbox listening on {}", sandbox.base_url());
        println!(
            "  export YOTI_SDK_ID={} YOTI_API_KEY={}",
            sandbox.sdk_id(),
            sandbox.api_key()
        );
        println!(
            "  export YOTI_AVS_URL={} YOTI_POA_URL={}",
            sandbox.avs_url(),
            sandbox.poa_url()
        );
        println!(
            "  webhook public key: {}/api/v1/webhook-public-key",
            sandbox.base_url()
        );
        println!("Stop with Ctrl-C.");
        signal().await;
    }
    sandbox.shutdown();
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn args(list: &[&str]) -> Vec<String> {
        list.iter().map(|s| s.to_string()).collect()
    }

    #[test]
    fn parses_options_and_rejects_unknown_ones() {
        let o = parse(&args(&["--port", "0", "--print-config", "--sdk-id", "s"]))
            .unwrap()
            .unwrap();
        assert_eq!(
            (o.config.port, o.print_config, o.config.sdk_id.as_deref()),
            (0, true, Some("s"))
        );
        assert!(parse(&args(&["--help"])).unwrap().is_none());
        assert_eq!(
            parse(&args(&["--port"])).unwrap_err(),
            "--port: needs a value"
        );
        assert!(parse(&args(&["--frobnicate"]))
            .unwrap_err()
            .contains("unknown option"));
    }
}
