//! The commands themselves.

use std::io::Read;
use std::time::Duration;

use chrono::{DateTime, Utc};
use yoti_age::poa::{PoaStatus, PoaVerification, PoaVerifyRequest};
use yoti_age::session::{DigitalIdConfig, DocScanConfig, MethodConfig};
use yoti_age::user_view::UserViewMethod;
use yoti_age::{
    Client, Error, Result, SessionConfig, SessionStatus, SessionType, WaitOptions, WebhookVerifier,
};

use crate::args::{
    Cli, Command, Connection, CreateArgs, PoaCommand, SessionCommand, WebhookCommand,
};
use crate::exit::Code;
use crate::output;

/// Runs the parsed command; errors are printed by `main`.
pub async fn run(cli: Cli) -> Result<Code> {
    let json = cli.json;
    match cli.command {
        Command::Sandbox { args } => crate::sandbox::run(args).await,
        Command::Demo => crate::demo::run(json).await,
        Command::Session(cmd) => session(&client(&cli.connection)?, cmd, json).await,
        Command::Poa(cmd) => poa(&client(&cli.connection)?, cmd, json).await,
        Command::Webhook(WebhookCommand::Verify { file, public_key }) => {
            let verifier = match public_key {
                Some(path) => {
                    WebhookVerifier::from_public_key_pem(&read_text(&path, "--public-key")?)?
                }
                None => WebhookVerifier::yoti_production(),
            };
            let body = read_input(file.as_deref())?;
            output::notification(&verifier.verify(&body)?, json);
            Ok(Code::Ok)
        }
        Command::Token => {
            let client = client(&cli.connection)?;
            let auth = client.central_auth().ok_or_else(|| {
                Error::Config(
                    "token: needs central-auth credentials (--private-key or YOTI_PRIVATE_KEY)"
                        .into(),
                )
            })?;
            let token = auth.token().await?;
            if json {
                output::json(&serde_json::json!({
                    "access_token": token.token.expose(),
                    "token_type": token.token_type,
                    "expires_in": token.expires_in,
                    "scope": token.scope,
                }));
            } else {
                println!("{}", token.token.expose());
            }
            Ok(Code::Ok)
        }
    }
}

/// Builds the client: each flag wins over its `YOTI_*` variable.
fn client(c: &Connection) -> Result<Client> {
    let flag = |name: &str| -> Option<String> {
        match name {
            "YOTI_SDK_ID" => c.sdk_id.clone(),
            "YOTI_API_KEY" => c.api_key.clone(),
            "YOTI_PRIVATE_KEY" => c.private_key.as_ref().map(|p| p.display().to_string()),
            "YOTI_SCOPE" => c.scope.clone(),
            "YOTI_POA_TOKEN" => c.poa_token.clone(),
            "YOTI_ENV" => c.environment.clone(),
            "YOTI_AVS_URL" => c.avs_url.clone(),
            "YOTI_POA_URL" => c.poa_url.clone(),
            "YOTI_AUTH_URL" => c.auth_url.clone(),
            _ => None,
        }
    };
    Client::from_env_lookup(|name| flag(name).or_else(|| std::env::var(name).ok()))
}

fn read_text(path: &std::path::Path, what: &str) -> Result<String> {
    std::fs::read_to_string(path)
        .map_err(|e| Error::Config(format!("{what}: cannot read {}: {e}", path.display())))
}

fn read_input(file: Option<&std::path::Path>) -> Result<Vec<u8>> {
    match file {
        Some(path) if path.as_os_str() != "-" => std::fs::read(path)
            .map_err(|e| Error::Config(format!("cannot read {}: {e}", path.display()))),
        _ => {
            let mut body = Vec::new();
            std::io::stdin()
                .read_to_end(&mut body)
                .map_err(|e| Error::Config(format!("cannot read stdin: {e}")))?;
            Ok(body)
        }
    }
}

/// Builds a session config from a file and/or flags.
pub fn session_config(args: &CreateArgs) -> Result<SessionConfig> {
    let mut config = match &args.file {
        Some(path) => SessionConfig::from_json(&String::from_utf8_lossy(&read_input(Some(path))?))?,
        None => SessionConfig::default(),
    };
    if let Some(t) = &args.session_type {
        config.session_type = Some(SessionType::parse(&t.to_ascii_uppercase()));
    } else if config.session_type.is_none() {
        config.session_type = Some(SessionType::Over);
    }
    if args.ttl.is_some() || config.ttl.is_none() {
        config.ttl = Some(args.ttl.unwrap_or(900));
    }
    let t = args.threshold;
    for method in &args.methods {
        let m = &mut config.methods;
        match method.trim() {
            "age_estimation" => m.age_estimation = Some(MethodConfig::threshold(t)),
            "digital_id" => {
                m.digital_id = Some(DigitalIdConfig { common: MethodConfig::threshold(t), ..Default::default() })
            }
            "doc_scan" => m.doc_scan = Some(DocScanConfig { common: MethodConfig::threshold(t), ..Default::default() }),
            "credit_card" => m.credit_card = Some(MethodConfig::threshold(t)),
            "mobile" => m.mobile = Some(MethodConfig::threshold(t)),
            other => {
                return Err(Error::Validation(vec![yoti_age::FieldError::new(
                    "--method",
                    yoti_age::error::rule::ONE_OF,
                    format!("{other:?} is not one of age_estimation, digital_id, doc_scan, credit_card, mobile (use --file for the others)"),
                )]))
            }
        }
    }
    if let Some(url) = &args.callback {
        config = config.with_callback(url, args.auto_redirect);
    }
    if let Some(url) = &args.notification_url {
        config.notification_url = Some(url.clone());
    }
    if let Some(r) = &args.reference_id {
        config.reference_id = Some(r.clone());
    }
    Ok(config)
}

fn wait_options(timeout: u64) -> WaitOptions {
    WaitOptions {
        timeout: Duration::from_secs(timeout),
        ..WaitOptions::default()
    }
}

/// Runs a future while drawing a spinner on stderr (when it is a terminal).
pub async fn with_progress<T>(label: &str, fut: impl std::future::Future<Output = T>) -> T {
    if !output::interactive() {
        return fut.await;
    }
    let started = std::time::Instant::now();
    let spinner = async {
        let frames = ['|', '/', '-', '\\'];
        for i in 0usize.. {
            eprint!(
                "\r{} {label} ({}s)",
                frames[i % frames.len()],
                started.elapsed().as_secs()
            );
            tokio::time::sleep(Duration::from_millis(150)).await;
        }
    };
    let out = tokio::select! {
        out = fut => out,
        _ = spinner => unreachable!("the spinner never ends"),
    };
    eprint!("\r\x1b[2K");
    out
}

async fn session(client: &Client, cmd: SessionCommand, json: bool) -> Result<Code> {
    match cmd {
        SessionCommand::Create(args) => {
            let created = client.create_session(&session_config(&args)?).await?;
            output::created(&created, json);
            if !json {
                println!(
                    "{:<10}  {}",
                    "user_view",
                    client.user_view_url(&created.id, None)?
                );
            }
        }
        SessionCommand::Get { id } => output::view(&client.get_session(&id).await?, json),
        SessionCommand::Result { id } => output::result(&client.get_result(&id).await?, json),
        SessionCommand::Wait { id, timeout } => {
            let label = format!("waiting for session {id}");
            let result =
                with_progress(&label, client.wait_for_result(&id, wait_options(timeout))).await?;
            output::result(&result, json);
            return Ok(match result.status {
                SessionStatus::Complete => Code::Ok,
                s if s.is_terminal() => Code::NotPassed,
                _ => Code::StillPending,
            });
        }
        SessionCommand::Url { id, method } => {
            let method = method.map(|m| UserViewMethod::parse(&m));
            let url = client.user_view_url(&id, method)?;
            if json {
                output::json(&serde_json::json!({"url": url.as_str()}));
            } else {
                println!("{url}");
            }
        }
    }
    Ok(Code::Ok)
}

fn poa_code(status: &PoaStatus) -> Code {
    match status {
        PoaStatus::Success => Code::Ok,
        PoaStatus::Failure => Code::NotPassed,
        _ => Code::StillPending,
    }
}

async fn poa(client: &Client, cmd: PoaCommand, json: bool) -> Result<Code> {
    let result = match cmd {
        PoaCommand::Verify {
            qr,
            terminal,
            store_id,
            scanned_at,
        } => {
            let mut request = PoaVerifyRequest::new(qr, terminal);
            request.terminal.store_id = store_id;
            if let Some(at) = scanned_at {
                request.qr.scanned_at = DateTime::parse_from_rfc3339(&at)
                    .map_err(|e| {
                        Error::Validation(vec![yoti_age::FieldError::new(
                            "--scanned-at",
                            yoti_age::error::rule::FORMAT,
                            format!("must be an RFC 3339 time: {e}"),
                        )])
                    })?
                    .with_timezone(&Utc);
            }
            match client.poa_verify(&request).await? {
                PoaVerification::Completed(r) | PoaVerification::Pending(r) => r,
            }
        }
        PoaCommand::Get { id } => client.poa_get(&id).await?,
        PoaCommand::Wait { id, timeout } => {
            let label = format!("waiting for verification {id}");
            with_progress(&label, client.poa_wait(&id, wait_options(timeout))).await?
        }
    };
    output::poa(&result, json);
    Ok(poa_code(&result.status))
}
