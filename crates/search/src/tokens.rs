//! Text to index terms. The browser's `search.js` splits a query by the same rules, so a
//! change here must be made there too (`terms` in `themes/default/static/js/search.js`).
//!
//! Two kinds of text matter in source-analysis notes:
//! - Chinese (and Japanese, Korean): no spaces between words, so every pair of neighbouring
//!   characters is a term (bigrams). A query's pairs must all be in a note, which finds
//!   `准入控制` without a dictionary and never misses a word a segmenter would cut wrongly.
//! - Code identifiers: `pkg/controller/replicaset/replica_set.go` is found whole, by each
//!   path segment (`replica_set.go`), by each part (`replica`, `set`) and by neighbouring
//!   parts run together (`replicaset`); `syncReplicaSet` likewise by `sync`, `replica`,
//!   `set`, `syncreplica` and `replicaset`.

/// Longest term kept: longer runs are hashes or data, not words anyone types.
const MAX_TERM: usize = 64;

/// Chinese, Japanese and Korean letters: scripts written without spaces between words.
pub fn is_cjk(c: char) -> bool {
    matches!(c as u32,
        0x3040..=0x30FF | 0x3400..=0x4DBF | 0x4E00..=0x9FFF | 0xF900..=0xFAFF | 0xAC00..=0xD7AF)
}

fn is_word(c: char) -> bool {
    (c.is_alphanumeric() && !is_cjk(c)) || c == '_'
}

/// Characters that hold an identifier or path together: `a.b`, `a/b`, `a-b`.
fn is_joiner(c: char) -> bool {
    matches!(c, '.' | '/' | '-')
}

/// Calls `emit` with every term of `text`, in order; the same term may come more than once.
pub fn terms(text: &str, emit: &mut impl FnMut(&str)) {
    let mut rest = text;
    let mut run: Vec<char> = Vec::new();
    while let Some(c) = rest.chars().next() {
        if is_cjk(c) {
            run.clear();
            let end = rest.find(|c: char| !is_cjk(c)).unwrap_or(rest.len());
            run.extend(rest[..end].chars());
            cjk_terms(&run, emit);
            rest = &rest[end..];
        } else if is_word(c) {
            let end = rest
                .find(|c: char| !(is_word(c) || is_joiner(c)))
                .unwrap_or(rest.len());
            compound_terms(rest[..end].trim_end_matches(is_joiner), emit);
            rest = &rest[end..];
        } else {
            rest = &rest[c.len_utf8()..];
        }
    }
}

/// Bigrams of a run of CJK letters; a lone letter is its own term.
fn cjk_terms(run: &[char], emit: &mut impl FnMut(&str)) {
    if run.len() == 1 {
        emit(&run[0].to_string());
    }
    let mut pair = String::with_capacity(8);
    for w in run.windows(2) {
        pair.clear();
        pair.push(w[0]);
        pair.push(w[1]);
        emit(&pair);
    }
}

/// An identifier or path: whole, by `/` segment, by piece, by part and by pairs of parts.
fn compound_terms(compound: &str, emit: &mut impl FnMut(&str)) {
    if compound.len() > MAX_TERM * 4 {
        return;
    }
    // Most words of prose are this: nothing to split, nothing to lower.
    if compound
        .bytes()
        .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit())
    {
        if compound.len() <= MAX_TERM {
            emit(compound);
        }
        return;
    }
    let lower = compound.to_lowercase();
    let joined = compound.contains(is_joiner);
    if joined && lower.len() <= MAX_TERM {
        emit(&lower);
    }
    if compound.contains('/') {
        for segment in lower.split('/').filter(|s| s.contains(['.', '-'])) {
            emit(segment);
        }
    }
    for piece in compound.split(is_joiner).filter(|p| !p.is_empty()) {
        piece_terms(piece, emit);
    }
}

/// One identifier without joiners: `syncReplicaSet`, `replica_set`, `HTTPServer`.
fn piece_terms(piece: &str, emit: &mut impl FnMut(&str)) {
    let lower = piece.to_lowercase();
    if lower.len() <= MAX_TERM {
        emit(&lower);
    }
    let parts = parts(piece);
    if parts.len() < 2 {
        return;
    }
    for p in parts.iter().filter(|p| p.len() > 1) {
        emit(p);
    }
    for w in parts.windows(2) {
        let pair = format!("{}{}", w[0], w[1]);
        if pair != lower {
            emit(&pair);
        }
    }
}

/// The lower-cased parts of an identifier: split at `_`, at a lower-to-upper change
/// (`syncReplica`) and before the last capital of a capital run followed by a word
/// (`HTTPServer`, but `podIPs` is `pod` and `ips`).
pub fn parts(piece: &str) -> Vec<String> {
    let mut out = Vec::new();
    for chunk in piece.split('_').filter(|c| !c.is_empty()) {
        let chars: Vec<char> = chunk.chars().collect();
        let mut start = 0;
        for i in 1..chars.len() {
            let (a, b) = (chars[i - 1], chars[i]);
            let lower_upper = (a.is_lowercase() || a.is_ascii_digit()) && b.is_uppercase();
            let acronym_end = a.is_uppercase()
                && b.is_uppercase()
                && chars.get(i + 1).is_some_and(|n| n.is_lowercase())
                && chars.get(i + 2).is_some_and(|n| n.is_lowercase());
            if lower_upper || acronym_end {
                out.push(chars[start..i].iter().collect::<String>().to_lowercase());
                start = i;
            }
        }
        out.push(chars[start..].iter().collect::<String>().to_lowercase());
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn all(text: &str) -> Vec<String> {
        let mut out = Vec::new();
        terms(text, &mut |t| out.push(t.to_string()));
        out
    }

    #[test]
    fn chinese_is_cut_into_pairs() {
        assert_eq!(all("准入控制"), ["准入", "入控", "控制"]);
        assert_eq!(all("选"), ["选"]);
        assert_eq!(all("期望，副本"), ["期望", "副本"]);
    }

    #[test]
    fn camel_case_is_found_whole_and_by_parts() {
        let t = all("rsc.syncReplicaSet(key)");
        for want in [
            "rsc.syncreplicaset",
            "syncreplicaset",
            "sync",
            "replica",
            "set",
            "replicaset",
            "key",
        ] {
            assert!(t.contains(&want.to_string()), "{want} in {t:?}");
        }
    }

    #[test]
    fn paths_are_found_by_segment_and_snake_case_parts() {
        let t = all("pkg/controller/replicaset/replica_set.go:562");
        for want in [
            "pkg/controller/replicaset/replica_set.go",
            "replica_set.go",
            "replica_set",
            "replicaset",
            "go",
            "562",
        ] {
            assert!(t.contains(&want.to_string()), "{want} in {t:?}");
        }
    }

    #[test]
    fn acronyms_end_before_the_next_word() {
        assert_eq!(parts("HTTPServer"), ["http", "server"]);
        assert_eq!(parts("podIPs"), ["pod", "ips"]);
        assert_eq!(parts("ndots"), ["ndots"]);
    }

    #[test]
    fn mixed_text_keeps_both_kinds() {
        assert_eq!(all("用ndots控制"), ["用", "ndots", "控制"]);
    }
}
