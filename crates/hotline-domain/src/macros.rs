//! Small macros the domain's enums share.

/// A closed set of named values with a wire code (snake_case) and a Chinese label, e.g.
/// `Channel { Phone = "phone" / "电话", … }`: `as_str`, `label_zh`, `parse` (code or label), `ALL`.
macro_rules! str_enum {
    ($(#[$m:meta])* $name:ident { $($variant:ident = $s:literal / $zh:literal),+ $(,)? }) => {
        $(#[$m])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
        #[serde(rename_all = "snake_case")]
        pub enum $name { $($variant),+ }

        impl $name {
            pub const ALL: &'static [$name] = &[$($name::$variant),+];
            pub fn as_str(self) -> &'static str { match self { $($name::$variant => $s),+ } }
            pub fn label_zh(self) -> &'static str { match self { $($name::$variant => $zh),+ } }
            /// The code (`policy_qa`) or the Chinese label (`政策问答`).
            pub fn parse(s: &str) -> Option<Self> {
                match s.trim() { $($s | $zh => Some($name::$variant),)+ _ => None }
            }
        }
    };
}
