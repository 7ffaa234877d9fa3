//! Errors of the library. Every variant that comes from a file names that file, and where
//! the problem has a place in it, the line and column, so a writer can jump straight there.

use std::fmt;
use std::path::{Path, PathBuf};

pub use data::Location;

#[derive(Debug, thiserror::Error)]
pub enum Error {
    // The cause is part of the message and deliberately not a `source`: printing the error
    // chain would repeat it.
    #[error("{}: cannot read: {cause}", path.display())]
    Read {
        path: PathBuf,
        cause: std::io::Error,
    },

    #[error("{}: cannot write: {cause}", path.display())]
    Write {
        path: PathBuf,
        cause: std::io::Error,
    },

    #[error("{}:{location}: {message}", path.display())]
    Config {
        path: PathBuf,
        location: Location,
        message: String,
    },

    #[error("{}:{location}: front matter: {message}", path.display())]
    FrontMatter {
        path: PathBuf,
        location: Location,
        message: String,
    },

    #[error("{}:{location}: {message}", path.display())]
    Date {
        path: PathBuf,
        location: Location,
        message: String,
    },

    #[error("theme `{name}` not found; looked in {}. Check `theme` in config.toml or put the theme in themes/{name}/", looked_in.display())]
    MissingTheme { name: String, looked_in: PathBuf },

    #[error("{}{}: template: {message}", path.display(), location.map(|l| format!(":{l}")).unwrap_or_default())]
    Template {
        path: PathBuf,
        location: Option<Location>,
        message: String,
    },

    #[error("{}: {message}", path.display())]
    Content { path: PathBuf, message: String },

    /// A file beyond one of the bounds that keep a hostile input from taking the build down.
    #[error("{}:{location}: {message}", path.display())]
    Limit {
        path: PathBuf,
        location: Location,
        message: String,
    },

    /// A shortcode that cannot be read or whose target is missing (`ref`).
    #[error("{}:{line}: {message}", path.display())]
    Shortcode {
        path: PathBuf,
        line: usize,
        message: String,
    },
    /// Another build is writing the same output folder right now.
    #[error("{}: another blog build is writing this folder right now; wait for it to finish (or stop it), then build again", path.display())]
    Busy { path: PathBuf },

    /// An output path that cannot be written, checked before anything is.
    #[error("{} (in the output folder): {message}", path.display())]
    Output { path: PathBuf, message: String },

    #[error("{} errors:\n{}", .0.len(), .0.iter().map(|e| format!("  {e}")).collect::<Vec<_>>().join("\n"))]
    Many(Vec<Error>),

    #[error("{0}")]
    Other(String),
}

impl Error {
    pub fn read(path: &Path, cause: std::io::Error) -> Self {
        Error::Read {
            path: path.to_path_buf(),
            cause,
        }
    }

    pub fn write(path: &Path, cause: std::io::Error) -> Self {
        Error::Write {
            path: path.to_path_buf(),
            cause,
        }
    }

    /// Folds a list of errors into one: none is `Ok`, one is itself, more are `Many`.
    pub fn collect(mut errors: Vec<Error>) -> Result<()> {
        match errors.len() {
            0 => Ok(()),
            1 => Err(errors.pop().unwrap()),
            _ => Err(Error::Many(errors)),
        }
    }

    /// Takes the errors out: one for a plain error, those inside for `Many`.
    pub fn into_list(self) -> Vec<Error> {
        match self {
            Error::Many(v) => v,
            e => vec![e],
        }
    }

    /// The errors inside, flattened: one for a plain error, all for `Many`.
    pub fn flatten(&self) -> Vec<&Error> {
        match self {
            Error::Many(v) => v.iter().flat_map(|e| e.flatten()).collect(),
            e => vec![e],
        }
    }

    /// The file this error is about, if it is about one.
    pub fn path(&self) -> Option<&Path> {
        match self {
            Error::Read { path, .. }
            | Error::Write { path, .. }
            | Error::Config { path, .. }
            | Error::FrontMatter { path, .. }
            | Error::Date { path, .. }
            | Error::Template { path, .. }
            | Error::Content { path, .. }
            | Error::Limit { path, .. }
            | Error::Shortcode { path, .. }
            | Error::Output { path, .. }
            | Error::Busy { path } => Some(path),
            Error::MissingTheme { .. } | Error::Many(_) | Error::Other(_) => None,
        }
    }

    /// The line and column, when the error knows them.
    pub fn location(&self) -> Option<Location> {
        match self {
            Error::Config { location, .. }
            | Error::FrontMatter { location, .. }
            | Error::Date { location, .. }
            | Error::Limit { location, .. } => Some(*location),
            Error::Template { location, .. } => *location,
            Error::Shortcode { line, .. } => Some(Location::new(*line, 1)),
            _ => None,
        }
    }
}

pub type Result<T, E = Error> = std::result::Result<T, E>;

/// A problem that does not stop the build (an unknown code language, a duplicated YAML key).
/// It is printed as `path:line: message` and the build goes on.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct Warning {
    pub path: PathBuf,
    pub line: Option<usize>,
    pub message: String,
}

impl fmt::Display for Warning {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.line {
            Some(line) => write!(f, "{}:{}: {}", self.path.display(), line, self.message),
            None => write!(f, "{}: {}", self.path.display(), self.message),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Serve's overlay names the file of every error about one: an output path that cannot
    /// be written included (it named none).
    #[test]
    fn every_error_about_a_file_names_it() {
        let p = || PathBuf::from("post/x/index.html");
        let io = || std::io::Error::other("no");
        let at = Location::new(3, 1);
        let m = || "m".to_string();
        let about_a_file = [
            Error::read(&p(), io()),
            Error::write(&p(), io()),
            Error::Config {
                path: p(),
                location: at,
                message: m(),
            },
            Error::FrontMatter {
                path: p(),
                location: at,
                message: m(),
            },
            Error::Date {
                path: p(),
                location: at,
                message: m(),
            },
            Error::Template {
                path: p(),
                location: None,
                message: m(),
            },
            Error::Content {
                path: p(),
                message: m(),
            },
            Error::Limit {
                path: p(),
                location: at,
                message: m(),
            },
            Error::Shortcode {
                path: p(),
                line: 3,
                message: m(),
            },
            Error::Output {
                path: p(),
                message: m(),
            },
        ];
        for e in &about_a_file {
            assert_eq!(e.path(), Some(p().as_path()), "{e:?}");
        }
        assert_eq!(Error::Other(m()).path(), None);
    }
}
