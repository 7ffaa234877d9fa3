//! The one error type of the crate. Every variant that comes from a file names it, and the
//! ones that come from text carry the line and column, so the site layer can print
//! `file:line:col: message` and tests can match on the variant and the location.

use std::path::PathBuf;

/// What went wrong, and where.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// A file could not be read or written.
    #[error("{}: {source}", path.display())]
    Io {
        path: PathBuf,
        #[source]
        source: std::io::Error,
    },
    /// Sass that does not compile; `file` is the stylesheet that holds the mistake, which may
    /// be a partial pulled in by `@use`.
    #[error("{file}:{line}:{column}: {message}")]
    Sass {
        file: String,
        line: usize,
        column: usize,
        message: String,
    },
    /// A data file (YAML, TOML, JSON, CSV, XML) that does not parse. Line and column are
    /// 1-based; 0 when the parser gave no position.
    #[error("{file}:{line}:{column}: {message}")]
    Data {
        file: String,
        line: usize,
        column: usize,
        message: String,
    },
    /// A minifier refused its input (a syntax error in CSS, JS, JSON or XML). Line and column
    /// are 1-based, 0 when the minifier gave no position.
    #[error("{name}:{line}:{column}: minify: {message}")]
    Minify {
        name: String,
        line: usize,
        column: usize,
        message: String,
    },
    /// `Concat` of resources of different media types, which Hugo refuses too.
    #[error(
        "{target}: resources in Concat must be of the same media type, got {first} and {other}"
    )]
    ConcatMediaTypes {
        target: String,
        first: String,
        other: String,
    },
    /// An unknown algorithm for `fingerprint`.
    #[error("fingerprint: unsupported algorithm {0:?}; use sha256, sha384, sha512 or md5")]
    FingerprintAlgorithm(String),
    /// A bad image option string (`"600x400 q200"`).
    #[error("image options {spec:?}: {message}")]
    ImageOptions { spec: String, message: String },
    /// An image that cannot be decoded, encoded or processed.
    #[error("{name}: image: {message}")]
    Image { name: String, message: String },
    /// An image larger than the configured limit, found from its header before decoding or
    /// from the decoder's own count.
    #[error("{name}: image of {width}x{height} pixels exceeds the limit of {limit} pixels")]
    ImageTooLarge {
        name: String,
        width: u64,
        height: u64,
        limit: u64,
    },
}

/// The crate's result type.
pub type Result<T, E = Error> = std::result::Result<T, E>;

impl Error {
    pub(crate) fn io(path: impl Into<PathBuf>, source: std::io::Error) -> Error {
        Error::Io {
            path: path.into(),
            source,
        }
    }

    pub(crate) fn image(name: &str, message: impl ToString) -> Error {
        Error::Image {
            name: name.to_string(),
            message: message.to_string(),
        }
    }
}
