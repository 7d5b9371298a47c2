//! The user view: a plain, accessible page where a tester plays the user — picks a method, an
//! age and an outcome, or cancels — and is then sent on like Yoti's hosted page does.

use axum::extract::{Query, State};
use axum::http::{StatusCode, Uri};
use axum::response::{Html, IntoResponse, Redirect, Response};
use axum::routing::get;
use axum::{Form, Router};
use serde::Deserialize;
use yoti_age::SessionStatus;

use crate::api::{apply_outcome, with_session};
use crate::sessions::{Outcome, Session};
use crate::state::Shared;

/// Per-method paths of the user view and the method each opens.
const METHOD_PATHS: [(&str, &str); 7] = [
    ("/age-estimation", "AGE_ESTIMATION"),
    ("/doc-scan", "DOC_SCAN"),
    ("/yoti", "DIGITAL_ID"),
    ("/credit-card", "CREDIT_CARD"),
    ("/mobile", "MOBILE"),
    ("/la-wallet", "LA_WALLET"),
    ("/social-security-number", "SOCIAL_SECURITY_NUMBER"),
];

/// The user-view routes.
pub fn routes() -> Router<Shared> {
    let mut router = Router::new().route("/", get(page).post(submit));
    for (path, _) in METHOD_PATHS {
        router = router.route(path, get(page));
    }
    router
}

#[derive(Debug, Deserialize)]
struct Params {
    #[serde(rename = "sessionId")]
    session_id: Option<String>,
    #[serde(rename = "sdkId")]
    sdk_id: Option<String>,
}

#[derive(Debug, Deserialize)]
struct Choice {
    #[serde(rename = "sessionId")]
    session_id: String,
    #[serde(rename = "sdkId")]
    sdk_id: String,
    method: Option<String>,
    age: Option<String>,
    outcome: Option<String>,
    action: String,
}

fn escape(text: &str) -> String {
    text.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
        .replace('\'', "&#39;")
}

fn layout(title: &str, body: &str) -> String {
    format!(
        "<!doctype html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">\
         <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\
         <title>{title} · yoti-age sandbox</title>\
         <style>body{{font-family:system-ui,sans-serif;max-width:40rem;margin:2rem auto;padding:0 1rem;line-height:1.5}}\
         fieldset{{margin:1rem 0}}button{{font-size:1rem;padding:.4rem 1rem;margin-right:.5rem}}</style></head>\
         <body><main><h1>{title}</h1>{body}</main></body></html>",
        title = escape(title)
    )
}

fn error_page(status: StatusCode, message: &str) -> Response {
    (
        status,
        Html(layout(
            "Cannot open this session",
            &format!("<p role=\"alert\">{}</p>", escape(message)),
        )),
    )
        .into_response()
}

/// Finds the session a link names; the error is the status and message of the error page.
fn session_for(
    state: &Shared,
    session_id: Option<&str>,
    sdk_id: Option<&str>,
) -> Result<Session, (StatusCode, &'static str)> {
    let (Some(session_id), Some(sdk_id)) = (session_id, sdk_id) else {
        return Err((
            StatusCode::BAD_REQUEST,
            "The link needs sessionId and sdkId query parameters.",
        ));
    };
    if sdk_id != state.sdk_id {
        return Err((
            StatusCode::FORBIDDEN,
            "This session does not belong to that SDK id.",
        ));
    }
    with_session(state, session_id, |s| Ok(s.clone()))
        .map_err(|_| (StatusCode::NOT_FOUND, "No session with that id."))
}

async fn page(State(state): State<Shared>, uri: Uri, Query(params): Query<Params>) -> Response {
    let session = match session_for(
        &state,
        params.session_id.as_deref(),
        params.sdk_id.as_deref(),
    ) {
        Ok(s) => s,
        Err((status, message)) => return error_page(status, message),
    };
    // Opening the user view is the user starting: PENDING becomes IN_PROGRESS.
    let session = match with_session(&state, &session.id, |s| {
        s.start(state.clock.now());
        Ok(s.clone())
    }) {
        Ok(s) => s,
        Err(e) => return e.into_response(),
    };
    if !session.is_open() {
        return Html(layout(
            "Session finished",
            &format!(
                "<p>This session is <strong>{}</strong>.</p>",
                escape(session.status.as_str())
            ),
        ))
        .into_response();
    }
    let preselect = METHOD_PATHS
        .iter()
        .find(|(p, _)| *p == uri.path())
        .map(|(_, m)| *m);
    let allowed = session.config.methods.allowed();
    let mut radios = String::new();
    for (i, m) in allowed.iter().enumerate() {
        let checked = preselect.map_or(i == 0, |p| p == m.method.as_str());
        radios.push_str(&format!(
            "<div><input type=\"radio\" id=\"m-{key}\" name=\"method\" value=\"{wire}\"{c}>\
             <label for=\"m-{key}\">{wire} (threshold {t})</label></div>",
            key = m.key,
            wire = m.method.as_str(),
            t = m.threshold,
            c = if checked { " checked" } else { "" },
        ));
    }
    let default_age = allowed.first().map_or(25, |m| m.threshold.max(18) + 7);
    let body = format!(
        "<p>Session <code>{id}</code> ({kind}). Play the user: choose how they verify and what happens.</p>\
         <form method=\"post\" action=\"/\">\
         <input type=\"hidden\" name=\"sessionId\" value=\"{id}\"><input type=\"hidden\" name=\"sdkId\" value=\"{sdk}\">\
         <fieldset><legend>Method</legend>{radios}</fieldset>\
         <fieldset><legend>User</legend><label for=\"age\">Real age</label> \
         <input id=\"age\" name=\"age\" type=\"number\" min=\"1\" max=\"120\" value=\"{default_age}\"></fieldset>\
         <fieldset><legend>Outcome</legend>\
         <div><input type=\"radio\" id=\"o-auto\" name=\"outcome\" value=\"AUTO\" checked>\
         <label for=\"o-auto\">Decide from the age and threshold</label></div>\
         <div><input type=\"radio\" id=\"o-error\" name=\"outcome\" value=\"ERROR\">\
         <label for=\"o-error\">Error: no age could be determined</label></div></fieldset>\
         <button type=\"submit\" name=\"action\" value=\"finish\">Finish</button>\
         <button type=\"submit\" name=\"action\" value=\"cancel\">Cancel</button></form>",
        id = escape(&session.id),
        sdk = escape(&session.sdk_id),
        kind = escape(session.config.session_type.as_ref().map_or("OVER", |t| t.as_str())),
    );
    Html(layout("Verify your age", &body)).into_response()
}

fn with_session_id(url: &str, session_id: &str) -> String {
    match url::Url::parse(url) {
        Ok(mut u) => {
            u.query_pairs_mut().append_pair("sessionId", session_id);
            u.into()
        }
        Err(_) => url.to_owned(),
    }
}

async fn submit(State(state): State<Shared>, Form(choice): Form<Choice>) -> Response {
    let session = match session_for(&state, Some(&choice.session_id), Some(&choice.sdk_id)) {
        Ok(s) => s,
        Err((status, message)) => return error_page(status, message),
    };
    let config = &session.config;
    if choice.action == "cancel" {
        if let Err(e) = with_session(&state, &session.id, |s| {
            s.cancel(state.clock.now()).map_err(Into::into)
        }) {
            tracing::debug!("cancel refused: {e:?}");
            return error_page(
                StatusCode::CONFLICT,
                "This session can no longer be cancelled.",
            );
        }
        return match &config.cancel_url {
            Some(url) => Redirect::to(&with_session_id(url, &session.id)).into_response(),
            None => {
                Html(layout("Cancelled", "<p>You cancelled the age check.</p>")).into_response()
            }
        };
    }
    let age = match choice.age.as_deref().map(str::parse::<u32>) {
        Some(Ok(age)) if (1..=120).contains(&age) => Some(age),
        None => None,
        _ => {
            return error_page(
                StatusCode::BAD_REQUEST,
                "Age must be a whole number from 1 to 120.",
            )
        }
    };
    let status = choice.outcome.filter(|o| o != "AUTO");
    let outcome = Outcome {
        status,
        age,
        method: choice.method,
    };
    let updated = match apply_outcome(&state, &session.id, &outcome) {
        Ok(s) => s,
        Err(e) => return e.into_response(),
    };
    let again = updated.is_open() && updated.status != SessionStatus::Complete;
    let link = |url: &str| with_session_id(url, &updated.id);
    match (&config.callback, &config.callback_url) {
        (Some(cb), _) if cb.auto && !again => match &cb.url {
            Some(url) => Redirect::to(&link(url)).into_response(),
            None => done_page(&updated, None),
        },
        (Some(cb), _) => done_page(&updated, cb.url.as_deref().map(link).as_deref()),
        (None, Some(url)) => done_page(&updated, Some(&link(url))),
        (None, None) => done_page(&updated, None),
    }
}

fn done_page(session: &Session, continue_url: Option<&str>) -> Response {
    let mut body = format!(
        "<p>Outcome: <strong>{}</strong>.</p>",
        escape(session.status.as_str())
    );
    if session.is_open() && session.status != SessionStatus::Complete {
        body.push_str(&format!(
            "<p><a href=\"/?sessionId={}&amp;sdkId={}\">Try again</a></p>",
            escape(&session.id),
            escape(&session.sdk_id)
        ));
    }
    if let Some(url) = continue_url {
        body.push_str(&format!("<p><a href=\"{}\">Continue</a></p>", escape(url)));
    }
    Html(layout("Done", &body)).into_response()
}
