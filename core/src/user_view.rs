//! The hosted user view (docs/yoti-api.md §4): where to send the user for a session.

use url::Url;

use crate::error::Error;
use crate::open_enum::open_enum;

open_enum! {
    /// A method to open directly in the user view (the others stay reachable with retries).
    pub enum UserViewMethod {
        /// `/age-estimation`.
        AgeEstimation = "age-estimation",
        /// `/doc-scan`.
        DocScan = "doc-scan",
        /// `/yoti` (Digital ID).
        DigitalId = "yoti",
        /// `/credit-card`.
        CreditCard = "credit-card",
        /// `/mobile`.
        Mobile = "mobile",
        /// `/la-wallet`.
        LaWallet = "la-wallet",
        /// `/social-security-number`.
        SocialSecurityNumber = "social-security-number",
    }
}

/// The user-view URL for a session. The user view lives at the AVS base URL without its
/// trailing `/api/v1`: `https://age.yoti.com` in production, `https://age.yoti.com/sandbox` on
/// Yoti's sandbox, the server root on the local sandbox.
pub fn user_view_url(
    avs_base: &Url,
    sdk_id: &str,
    session_id: &str,
    method: Option<&UserViewMethod>,
) -> crate::Result<Url> {
    if let Some(UserViewMethod::Other(raw)) = method {
        return Err(Error::Config(format!(
            "user view method {raw:?} is not a known path"
        )));
    }
    crate::client::path_id("session_id", session_id)?;
    let base = avs_base.as_str().trim_end_matches('/');
    let root = base.strip_suffix("/api/v1").unwrap_or(base);
    let path = method.map_or(String::new(), |m| format!("/{}", m.as_str()));
    let mut url = Url::parse(&format!("{root}{path}"))
        .map_err(|e| Error::Config(format!("user view URL: {e}")))?;
    if url.path().is_empty() {
        url.set_path("/");
    }
    url.query_pairs_mut()
        .append_pair("sessionId", session_id)
        .append_pair("sdkId", sdk_id);
    Ok(url)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn builds_hosted_sandbox_and_local_urls() {
        let prod = Url::parse("https://age.yoti.com/api/v1").unwrap();
        assert_eq!(
            user_view_url(&prod, "sdk", "s1", None).unwrap().as_str(),
            "https://age.yoti.com/?sessionId=s1&sdkId=sdk"
        );
        assert_eq!(
            user_view_url(&prod, "sdk", "s1", Some(&UserViewMethod::DigitalId))
                .unwrap()
                .as_str(),
            "https://age.yoti.com/yoti?sessionId=s1&sdkId=sdk"
        );
        let sandbox = Url::parse("https://age.yoti.com/sandbox/api/v1").unwrap();
        assert_eq!(
            user_view_url(&sandbox, "sdk", "s1", Some(&UserViewMethod::AgeEstimation))
                .unwrap()
                .as_str(),
            "https://age.yoti.com/sandbox/age-estimation?sessionId=s1&sdkId=sdk"
        );
        let local = Url::parse("http://127.0.0.1:8080/api/v1/").unwrap();
        assert_eq!(
            user_view_url(&local, "sdk", "s 1", None).unwrap().as_str(),
            "http://127.0.0.1:8080/?sessionId=s+1&sdkId=sdk"
        );
        assert_eq!(
            user_view_url(&local, "sdk", "", None).unwrap_err().code(),
            "validation"
        );
    }
}
