//! Errors and warnings of the template store, each with the file (as the user sees its path:
//! `themes/even/layouts/_default/single.html`), line and column.

use std::fmt;

use gotemplate::ExecErrorKind;

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Error {
    /// A layouts folder or file could not be read.
    Io { path: String, message: String },
    /// A template does not parse.
    Parse {
        file: String,
        line: usize,
        col: usize,
        message: String,
    },
    /// A template failed while executing.
    Execute {
        file: String,
        line: usize,
        col: usize,
        /// The template being executed.
        template: String,
        kind: ExecErrorKind,
        message: String,
    },
    /// No template for a partial or shortcode that a template asked for.
    NotFound { what: String },
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Error::Io { path, message } => write!(f, "{path}: {message}"),
            Error::Parse {
                file,
                line,
                col,
                message,
            } => write!(f, "{file}:{line}:{col}: parse failed: {message}"),
            Error::Execute {
                file,
                line,
                col,
                template,
                message,
                ..
            } => write!(
                f,
                "{file}:{line}:{col}: execute of template {template:?} failed: {message}"
            ),
            Error::NotFound { what } => write!(f, "{what}"),
        }
    }
}

impl std::error::Error for Error {}

impl Error {
    pub(crate) fn from_parse(e: gotemplate::ParseError) -> Error {
        Error::Parse {
            file: e.name.to_string(),
            line: e.line,
            col: e.col,
            message: e.message,
        }
    }

    pub(crate) fn from_exec(e: gotemplate::ExecError) -> Error {
        let (file, line, col) = match &e.location {
            Some(l) => (l.file.to_string(), l.line, l.col),
            None => (e.name.to_string(), 0, 0),
        };
        Error::Execute {
            file,
            line,
            col,
            template: e.name.to_string(),
            kind: e.kind,
            message: e.message,
        }
    }
}

/// A problem that does not stop the build: an unknown function, a feature run differently.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct Warning {
    pub file: String,
    /// 0 when unknown.
    pub line: usize,
    pub col: usize,
    pub message: String,
}

impl fmt::Display for Warning {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.file.is_empty() {
            write!(f, "{}", self.message)
        } else if self.line > 0 {
            write!(
                f,
                "{}:{}:{}: {}",
                self.file, self.line, self.col, self.message
            )
        } else {
            write!(f, "{}: {}", self.file, self.message)
        }
    }
}
