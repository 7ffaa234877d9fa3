//! The parts of the published layout that must not move when one note changes: note ids
//! (slots), where term chunks start, their file names, and the postings' encoding. A full
//! build and an incremental update both go through these functions, which is what makes
//! their files equal byte for byte.

use std::fmt::Write;

use serde_json::Value;

/// One posting: a note's slot, a section of it, and the term's weight there.
pub type Posting = (u32, u32, u32);

/// A term chunk starts at a term whose hash is 0 modulo this (one term in `SPREAD`), so
/// a chunk holds about this many terms.
const SPREAD: u64 = 48;

/// A term whose postings are at least this long (a word most notes use) has a chunk of its
/// own: a query for a rare word next to it in term order does not download it.
pub const BIG: usize = 16 * 1024;

fn hash64(bytes: &[u8]) -> u64 {
    let h = blake3::hash(bytes);
    u64::from_le_bytes(h.as_bytes()[..8].try_into().expect("8 bytes"))
}

/// How many slots note ids are taken from: at least twice the notes, a power of two, so
/// it changes only when the number of notes crosses a power of two (then every id moves).
pub fn table_size(notes: usize) -> u32 {
    u32::try_from((2 * notes).max(64).next_power_of_two()).unwrap_or(u32::MAX)
}

/// Each note's id, for URLs in sorted order: its URL's hash modulo the table size, or the
/// next free slot (linear probing, in URL order). So an id is a function of the set of
/// URLs alone, and a note added or removed moves no other note's id unless they collide.
pub fn slots<'u>(urls: impl ExactSizeIterator<Item = &'u str>) -> (u32, Vec<u32>) {
    let size = table_size(urls.len());
    let mut taken = vec![false; size as usize];
    let ids = urls
        .map(|url| {
            let mut slot = (hash64(url.as_bytes()) % u64::from(size)) as usize;
            // At most half the table is taken, so a free slot is always found.
            while taken[slot] {
                slot = (slot + 1) % taken.len();
            }
            taken[slot] = true;
            slot as u32
        })
        .collect();
    (size, ids)
}

/// Whether `term` (whose encoded postings are `len` bytes) starts a chunk, after a term
/// whose postings were `pred` bytes (`None`: the first term of all). Only the term and its
/// predecessor decide, so an edit moves chunk boundaries only where its terms are.
pub fn starts_chunk(term: &str, len: usize, pred: Option<usize>) -> bool {
    match pred {
        None => true,
        Some(pred) => pred >= BIG || len >= BIG || hash64(term.as_bytes()).is_multiple_of(SPREAD),
    }
}

/// A chunk's file name, from its first term: the same chunk keeps its file while terms
/// come and go around it.
pub fn chunk_name(first: &str) -> String {
    format!("{:016x}", hash64(first.as_bytes()))
}

/// The JSON of a term's postings, in slot order: for each, the step from the previous
/// posting's slot, then the section when the weight is 1, else `-1 - section` and the
/// weight.
pub fn encode(postings: &[Posting]) -> String {
    let mut out = String::with_capacity(postings.len() * 4 + 2);
    out.push('[');
    let mut prev = 0;
    for (k, &(slot, section, weight)) in postings.iter().enumerate() {
        let sep = if k > 0 { "," } else { "" };
        let step = slot - prev;
        let _ = match weight {
            1 => write!(out, "{sep}{step},{section}"),
            _ => write!(out, "{sep}{step},{},{weight}", -1 - i64::from(section)),
        };
        prev = slot;
    }
    out.push(']');
    out
}

/// The postings [`encode`] wrote; `None` for anything it could not have written.
pub fn decode(list: &Value) -> Option<Vec<Posting>> {
    let list = list.as_array()?;
    let mut out = Vec::with_capacity(list.len() / 2);
    let mut slot: u32 = 0;
    let mut i = 0;
    let num = |i: usize| list.get(i).and_then(Value::as_i64);
    while i < list.len() {
        slot = slot.checked_add(u32::try_from(num(i)?).ok()?)?;
        let section = num(i + 1)?;
        i += 2;
        let (section, weight) = if section < 0 {
            i += 1;
            (-1 - section, u32::try_from(num(i - 1)?).ok()?)
        } else {
            (section, 1)
        };
        out.push((slot, u32::try_from(section).ok()?, weight));
    }
    Some(out)
}

/// A term as a JSON string key.
pub fn json_key(term: &str) -> String {
    Value::from(term).to_string()
}

/// Cuts terms (in order, with their encoded postings) into chunks, each a JSON object.
#[derive(Default)]
pub struct Cutter {
    pub chunks: Vec<(String, String)>,
    body: String,
    first: String,
    pred: Option<usize>,
}

impl Cutter {
    /// A cutter that goes on after a term whose postings were `pred` bytes.
    pub fn after(pred: Option<usize>) -> Cutter {
        Cutter {
            pred,
            ..Cutter::default()
        }
    }

    pub fn push(&mut self, term: &str, postings: &str) {
        if starts_chunk(term, postings.len(), self.pred) {
            self.finish_chunk();
        }
        if self.body.is_empty() {
            self.first = term.to_string();
            self.body.push('{');
        } else {
            self.body.push(',');
        }
        self.body.push_str(&json_key(term));
        self.body.push(':');
        self.body.push_str(postings);
        self.pred = Some(postings.len());
    }

    fn finish_chunk(&mut self) {
        if !self.body.is_empty() {
            self.body.push('}');
            self.chunks.push((
                std::mem::take(&mut self.first),
                std::mem::take(&mut self.body),
            ));
        }
    }

    /// Each chunk's first term and its JSON.
    pub fn finish(mut self) -> Vec<(String, String)> {
        self.finish_chunk();
        self.chunks
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn postings_read_back_as_written() {
        let p = vec![(0, 0, 200), (0, 3, 1), (7, 1, 1), (40, 2, 20)];
        let json = encode(&p);
        assert_eq!(json, "[0,-1,200,0,3,7,1,33,-3,20]");
        assert_eq!(decode(&serde_json::from_str(&json).unwrap()), Some(p));
        for bad in ["[1]", "[-1,0]", "[1,-1]", "{}", "[1,\"a\"]"] {
            assert_eq!(decode(&serde_json::from_str(bad).unwrap()), None, "{bad}");
        }
    }

    #[test]
    fn ids_are_distinct_and_move_only_on_collision() {
        let urls: Vec<String> = (0..1000).map(|i| format!("/post/n{i:04}/")).collect();
        let (size, ids) = slots(urls.iter().map(String::as_str));
        assert_eq!(size, 2048);
        let mut seen = ids.clone();
        seen.sort_unstable();
        seen.dedup();
        assert_eq!(seen.len(), ids.len());
        // One note fewer in the middle: the others keep their ids, unless they had probed
        // past the removed note's slot.
        let fewer: Vec<&str> = urls
            .iter()
            .enumerate()
            .filter(|(i, _)| *i != 500)
            .map(|(_, u)| u.as_str())
            .collect();
        let (_, after) = slots(fewer.into_iter());
        let moved = (0..999)
            .filter(|&i| after[i] != ids[if i < 500 { i } else { i + 1 }])
            .count();
        assert!(moved <= 2, "{moved} ids moved");
    }
}
