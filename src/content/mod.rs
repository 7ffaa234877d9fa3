//! Pages, sections and front matter: everything read from `content/`.

pub mod front_matter;
pub mod meta;
