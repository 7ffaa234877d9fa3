//! Pages, sections and front matter.
