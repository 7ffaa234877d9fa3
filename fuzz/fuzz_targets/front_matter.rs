//! Any text as a content file: splitting off the front matter, then reading it as TOML or YAML.
//! Errors are fine; a panic, a hang or runaway memory is a bug.
#![no_main]
use data::{self as front_matter, Format};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    if let Ok(split) = front_matter::split(text) {
        if let Some(format) = split.format {
            let _ = front_matter::parse_data(split.front_matter, format);
        }
    }
    // Config files and data files are read by the same parser, without delimiters.
    let _ = front_matter::parse_data(text, Format::Toml);
    let _ = front_matter::parse_data(text, Format::Yaml);
});
