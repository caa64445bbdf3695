//! `wire_enum!`: a string enum that keeps values it does not know.

/// Declares an enum of known wire strings plus `Other(String)`, with `as_str`, `parse`,
/// `known`, `KNOWN` (declaration order, which is the canonical order) and serde as a string.
macro_rules! wire_enum {
    (
        $(#[$meta:meta])*
        $name:ident { $($(#[$vmeta:meta])* $variant:ident = $text:literal),+ $(,)? }
    ) => {
        $(#[$meta])*
        #[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
        pub enum $name {
            $($(#[$vmeta])* $variant,)+
            /// A value this build does not know yet, kept verbatim.
            Other(String),
        }

        impl $name {
            /// Every known value, in the API's documented order.
            pub const KNOWN: &'static [$name] = &[$($name::$variant),+];

            /// The value as sent on the wire.
            pub fn as_str(&self) -> &str {
                match self {
                    $(Self::$variant => $text,)+
                    Self::Other(raw) => raw,
                }
            }

            /// The known value spelt exactly `text`.
            pub fn known(text: &str) -> Option<Self> {
                match text {
                    $($text => Some(Self::$variant),)+
                    _ => None,
                }
            }

            /// Any value: a known one, or `Other` keeping the raw text.
            pub fn parse(text: &str) -> Self {
                Self::known(text).unwrap_or_else(|| Self::Other(text.to_owned()))
            }

            /// False for `Other`.
            pub fn is_known(&self) -> bool {
                !matches!(self, Self::Other(_))
            }
        }

        impl ::core::fmt::Display for $name {
            fn fmt(&self, f: &mut ::core::fmt::Formatter<'_>) -> ::core::fmt::Result {
                f.write_str(self.as_str())
            }
        }

        impl ::serde::Serialize for $name {
            fn serialize<S: ::serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
                serializer.serialize_str(self.as_str())
            }
        }

        impl $crate::field::FieldValue for $name {
            /// Any non-empty text (unknown values as `Other`); another kind of value, or
            /// an empty text, is not one.
            fn from_json(value: ::serde_json::Value) -> Result<Self, ::serde_json::Value> {
                match value {
                    ::serde_json::Value::String(text) if !text.is_empty() => Ok(Self::known(&text)
                        .unwrap_or(Self::Other(text))),
                    other => Err(other),
                }
            }
        }

        impl<'de> ::serde::Deserialize<'de> for $name {
            fn deserialize<D: ::serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
                let raw = <::std::borrow::Cow<'de, str> as ::serde::Deserialize>::deserialize(deserializer)?;
                Ok(Self::known(&raw).unwrap_or_else(|| Self::Other(raw.into_owned())))
            }
        }
    };
}
