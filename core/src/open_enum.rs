//! Enums read from responses keep unknown values (Project decision 8, docs/yoti-api.md).

/// Declares a string enum whose unknown values are kept in an `Other(String)` case.
///
/// Each known variant lists its canonical wire name first, then any aliases it is read from.
macro_rules! open_enum {
    (
        $(#[$meta:meta])*
        pub enum $name:ident {
            $( $(#[$vmeta:meta])* $variant:ident = $wire:literal $(| $alias:literal)* ),+ $(,)?
        }
    ) => {
        $(#[$meta])*
        #[derive(Debug, Clone, PartialEq, Eq, Hash)]
        #[cfg_attr(feature = "uniffi", derive(uniffi::Enum))]
        pub enum $name {
            $( $(#[$vmeta])* $variant, )+
            /// A value this version does not know, kept as received.
            Other(String),
        }

        impl $name {
            /// Every known value, in declaration order.
            pub const ALL: &'static [$name] = &[$( $name::$variant, )+];

            /// The wire value.
            pub fn as_str(&self) -> &str {
                match self {
                    $( $name::$variant => $wire, )+
                    $name::Other(raw) => raw,
                }
            }

            /// Reads a wire value; unknown values become `Other`.
            pub fn parse(value: &str) -> Self {
                match value {
                    $( $wire $(| $alias)* => $name::$variant, )+
                    other => $name::Other(other.to_owned()),
                }
            }

            /// Whether this is a value this version knows.
            pub fn is_known(&self) -> bool {
                !matches!(self, $name::Other(_))
            }
        }

        impl std::fmt::Display for $name {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str(self.as_str())
            }
        }

        impl std::str::FromStr for $name {
            type Err = std::convert::Infallible;
            fn from_str(s: &str) -> Result<Self, Self::Err> {
                Ok(Self::parse(s))
            }
        }

        impl From<&str> for $name {
            fn from(s: &str) -> Self {
                Self::parse(s)
            }
        }

        impl serde::Serialize for $name {
            fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
                s.serialize_str(self.as_str())
            }
        }

        impl schemars::JsonSchema for $name {
            fn schema_name() -> std::borrow::Cow<'static, str> {
                stringify!($name).into()
            }

            fn inline_schema() -> bool {
                true
            }

            fn json_schema(_: &mut schemars::SchemaGenerator) -> schemars::Schema {
                // Any string: unknown values are kept, so the known ones are not an enum.
                schemars::json_schema!({ "type": "string" })
            }
        }

        impl<'de> serde::Deserialize<'de> for $name {
            fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
                let raw = <std::borrow::Cow<'de, str> as serde::Deserialize>::deserialize(d)?;
                Ok(Self::parse(&raw))
            }
        }
    };
}

pub(crate) use open_enum;

/// Every open enum of the public models with its known wire values, by type name: what the
/// bindings' enum declarations are checked against (`tests/vectors/enum_values.json`).
pub fn known_values() -> Vec<(&'static str, Vec<&'static str>)> {
    fn wire<T>(all: &'static [T], as_str: fn(&'static T) -> &'static str) -> Vec<&'static str> {
        all.iter().map(as_str).collect()
    }
    use crate::headless::SelfieErrorCode;
    use crate::poa::{
        NotificationMethod, PoaCheck, PoaFailureReason, PoaProvider, PoaStatus, PoaWaitingOn,
    };
    use crate::result::{Authenticity, Method, SessionStatus, SessionType};
    use crate::session::{ElectronicIdSubMethod, Level};
    use crate::user_view::UserViewMethod;
    use crate::webhook::{AttemptState, CheckType};
    vec![
        (
            "SessionStatus",
            wire(SessionStatus::ALL, SessionStatus::as_str),
        ),
        ("SessionType", wire(SessionType::ALL, SessionType::as_str)),
        ("Method", wire(Method::ALL, Method::as_str)),
        (
            "Authenticity",
            wire(Authenticity::ALL, Authenticity::as_str),
        ),
        ("Level", wire(Level::ALL, Level::as_str)),
        (
            "ElectronicIdSubMethod",
            wire(ElectronicIdSubMethod::ALL, ElectronicIdSubMethod::as_str),
        ),
        (
            "UserViewMethod",
            wire(UserViewMethod::ALL, UserViewMethod::as_str),
        ),
        (
            "SelfieErrorCode",
            wire(SelfieErrorCode::ALL, SelfieErrorCode::as_str),
        ),
        (
            "NotificationMethod",
            wire(NotificationMethod::ALL, NotificationMethod::as_str),
        ),
        ("PoaStatus", wire(PoaStatus::ALL, PoaStatus::as_str)),
        ("PoaProvider", wire(PoaProvider::ALL, PoaProvider::as_str)),
        ("PoaCheck", wire(PoaCheck::ALL, PoaCheck::as_str)),
        (
            "PoaFailureReason",
            wire(PoaFailureReason::ALL, PoaFailureReason::as_str),
        ),
        (
            "PoaWaitingOn",
            wire(PoaWaitingOn::ALL, PoaWaitingOn::as_str),
        ),
        (
            "AttemptState",
            wire(AttemptState::ALL, AttemptState::as_str),
        ),
        ("CheckType", wire(CheckType::ALL, CheckType::as_str)),
    ]
}
