//! Headless age estimation inside an AVS session (docs/yoti-api.md §7.1): upload a selfie captured
//! by Yoti's Face Capture Module.

use std::fmt;

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

use crate::decode::response_with_raw;
use crate::error::Error;
use crate::open_enum::open_enum;
use crate::result::SessionStatus;

/// A selfie to upload: the image bytes, when consent was given, and the FCM `secure` payload.
#[derive(Clone, PartialEq, Eq)]
pub struct SelfieUpload {
    /// The image (JPEG or PNG bytes); sent base64-encoded.
    pub image: Vec<u8>,
    /// When the user gave biometric consent / the capture time (UTC).
    pub biometric_consent: DateTime<Utc>,
    /// The Face Capture Module's `secure` payload, passed on unmodified (a JSON string).
    pub secure_token: String,
}

impl fmt::Debug for SelfieUpload {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("SelfieUpload")
            .field("image_bytes", &self.image.len())
            .field("biometric_consent", &self.biometric_consent)
            .field("secure_token", &"***")
            .finish()
    }
}

/// The answer to a selfie upload.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "uniffi", derive(uniffi::Record))]
pub struct SelfieOutcome {
    /// `COMPLETE` or `FAIL`.
    pub status: SessionStatus,
    /// Attempts left, when reported.
    #[serde(default)]
    pub attempts_remaining: Option<u32>,
    /// Whether no retries are left, when reported.
    #[serde(default)]
    pub retries_depleted: Option<bool>,
    /// The JSON as received.
    #[serde(skip)]
    pub raw: crate::decode::RawJson,
}

response_with_raw!(SelfieOutcome);

open_enum! {
    /// Error codes of the selfie upload (docs/yoti-api.md §7.1).
    pub enum SelfieErrorCode {
        /// Spoofing detected.
        SpoofingDetected = "E600408",
        /// Payload too large.
        PayloadTooLarge = "PAYLOAD_TOO_LARGE",
        /// No image in the request.
        ImageNotProvided = "IMAGE_NOT_PROVIDED",
        /// The image is not valid base64.
        InvalidB64Image = "INVALID_B64_IMAGE",
        /// Not JPEG (quality 95..100) or PNG.
        UnsupportedImageFormat = "UNSUPPORTED_IMAGE_FORMAT",
        /// Larger than 1.5 MB.
        ImageSizeTooBig = "IMAGE_SIZE_TOO_BIG",
        /// Smaller than 50 KB.
        ImageSizeTooSmall = "IMAGE_SIZE_TOO_SMALL",
        /// Height under 300 px.
        MinHeight = "MIN_HEIGHT",
        /// Height over 2000 px.
        MaxHeight = "MAX_HEIGHT",
        /// Width under 300 px.
        MinWidth = "MIN_WIDTH",
        /// Width over 2000 px.
        MaxWidth = "MAX_WIDTH",
        /// Fewer than 90,000 pixels.
        MinPixels = "MIN_PIXELS",
        /// More than 2,100,000 pixels.
        MaxPixels = "MAX_PIXELS",
        /// Not RGB or RGBA.
        ImageWrongChannels = "IMAGE_WRONG_CHANNELS",
        /// Greyscale image.
        ImageGrayscaleNotSupported = "IMAGE_GRAYSCALE_NOT_SUPPORTED",
        /// No face found.
        FaceNotFound = "FACE_NOT_FOUND",
        /// More than one face.
        MultipleFaces = "MULTIPLE_FACES",
        /// Face too small.
        FaceBoxTooSmall = "FACE_BOX_TOO_SMALL",
        /// Face too small relative to the image.
        FaceToImageRatioTooLow = "FACE_TO_IMAGE_RATIO_TOO_LOW",
        /// Face too large relative to the image.
        FaceToImageRatioTooHigh = "FACE_TO_IMAGE_RATIO_TOO_HIGH",
        /// Not enough room around the face.
        InsufficientAreaAroundTheFace = "INSUFFICIENT_AREA_AROUND_THE_FACE",
        /// Over-exposed.
        ImageTooBright = "IMAGE_TOO_BRIGHT",
        /// Under-exposed.
        ImageTooDark = "IMAGE_TOO_DARK",
        /// The request body is invalid.
        InvalidRequestBody = "INVALID_REQUEST_BODY",
        /// Unspecified error.
        UnspecifiedError = "UNSPECIFIED_ERROR",
    }
}

/// A rejected selfie, read from the error of an upload.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SelfieRejection {
    /// The error code.
    pub code: SelfieErrorCode,
    /// Attempts left, when reported.
    pub attempts_remaining: Option<u32>,
    /// Whether no retries are left, when reported.
    pub retries_depleted: Option<bool>,
}

impl SelfieRejection {
    /// Reads the rejection from an upload error, when the server answered with an error code.
    pub fn from_error(error: &Error) -> Option<Self> {
        let api = error.api_error()?;
        let code = SelfieErrorCode::parse(api.api_code.as_deref()?);
        let body: serde_json::Value = serde_json::from_str(&api.body).unwrap_or_default();
        Some(Self {
            code,
            attempts_remaining: body
                .get("attempts_remaining")
                .and_then(|v| v.as_u64())
                .and_then(|v| u32::try_from(v).ok()),
            retries_depleted: body.get("retries_depleted").and_then(|v| v.as_bool()),
        })
    }

    /// Whether the user may try again.
    pub fn can_retry(&self) -> bool {
        self.retries_depleted != Some(true) && self.attempts_remaining.is_none_or(|n| n > 0)
    }
}
