//! Highlighting benchmark: syntax-set load time, language coverage and lines per second for
//! bat's grammars (two-face, what `blog` uses) against syntect's bundled set, then the
//! whole `render_block` on one and on two threads.
//!
//! ```sh
//! python3 ../shared/bench/gen_corpus.py /tmp/hl-corpus --posts 200 --flavor blog
//! cargo bench --bench highlight -- /tmp/hl-corpus
//! ```

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use blog::markdown::highlight::{CodeContext, HighlightConfig, Highlighter};
use rayon::prelude::*;
use syntect::parsing::{ParseState, SyntaxSet};

/// Languages a source-analysis note quotes, as written in fences.
const LANGUAGES: &[&str] = &[
    "go",
    "rust",
    "yaml",
    "toml",
    "json",
    "bash",
    "dockerfile",
    "proto",
    "sql",
    "c",
    "python",
    "diff",
    "js",
    "ts",
];

struct Block {
    info: String,
    code: String,
    line: usize,
}

fn main() {
    let corpus = std::env::args()
        .skip(1)
        .find(|a| !a.starts_with('-'))
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from("/tmp/hl-corpus"));
    let blocks = read_blocks(&corpus);
    let lines: usize = blocks.iter().map(|b| b.code.lines().count()).sum();
    println!(
        "corpus {}: {} code blocks, {lines} lines",
        corpus.display(),
        blocks.len()
    );

    let bat = timed_min(
        "two-face (bat) syntax set load",
        two_face::syntax::extra_newlines,
    );
    let bundled = timed_min(
        "syntect bundled syntax set load",
        SyntaxSet::load_defaults_newlines,
    );
    println!(
        "syntaxes: two-face {}, bundled {}",
        bat.syntaxes().len(),
        bundled.syntaxes().len()
    );
    for lang in LANGUAGES {
        let name = |set: &SyntaxSet| {
            set.find_syntax_by_token(lang)
                .map_or("MISSING".to_string(), |s| s.name.clone())
        };
        println!(
            "  {lang:<11} two-face: {:<28} bundled: {}",
            name(&bat),
            name(&bundled)
        );
    }

    parse_throughput("two-face", &bat, &blocks, lines);
    parse_throughput("bundled", &bundled, &blocks, lines);

    let start = Instant::now();
    let highlighter = Highlighter::new(&HighlightConfig::default()).expect("default themes");
    let ctx = |b: &Block| CodeContext {
        path: Path::new("bench.md"),
        line: b.line,
        source: None,
        index: 0,
    };
    let first = highlighter.render_block("go", "package main\n", &ctx(&blocks[0]));
    println!(
        "Highlighter::new + first block (loads the set): {:?} ({} bytes)",
        start.elapsed(),
        first.html.len()
    );
    for threads in [1, 2] {
        let pool = rayon::ThreadPoolBuilder::new()
            .num_threads(threads)
            .build()
            .unwrap();
        let (mut best, mut best_cpu) = (Duration::MAX, Duration::MAX);
        let mut bytes = 0;
        for _ in 0..3 {
            let (start, cpu) = (Instant::now(), process_cpu());
            bytes = pool.install(|| {
                blocks
                    .par_iter()
                    .map(|b| {
                        highlighter
                            .render_block(&b.info, &b.code, &ctx(b))
                            .html
                            .len()
                    })
                    .sum::<usize>()
            });
            best = best.min(start.elapsed());
            best_cpu = best_cpu.min(process_cpu() - cpu);
        }
        report(
            &format!("render_block, {threads} thread(s)"),
            lines,
            best,
            best_cpu,
        );
        println!("    html out: {} KiB", bytes / 1024);
    }
    println!("stylesheet: {} bytes", highlighter.stylesheet().len());
}

fn timed_min(what: &str, load: impl Fn() -> SyntaxSet) -> SyntaxSet {
    let (mut best, mut best_linked) = (Duration::MAX, Duration::MAX);
    let mut value = None;
    for _ in 0..5 {
        let start = Instant::now();
        let set = load();
        let loaded = start.elapsed();
        // Contexts are linked lazily: parse a line of every language to pay that too.
        for lang in LANGUAGES {
            if let Some(syntax) = set.find_syntax_by_token(lang) {
                let _ = ParseState::new(syntax).parse_line("x = 1\n", &set);
            }
        }
        best = best.min(loaded);
        best_linked = best_linked.min(start.elapsed());
        value = Some(set);
    }
    println!(
        "{what}: {best:.2?}; with the {} languages linked: {best_linked:.2?} (wall, best of 5)",
        LANGUAGES.len()
    );
    value.unwrap()
}

/// Parses every block (no HTML) twice: cold (lazy contexts linked on first use), then warm,
/// and per language on the warm pass.
fn parse_throughput(name: &str, set: &SyntaxSet, blocks: &[Block], lines: usize) {
    for pass in ["cold", "warm"] {
        let mut per_lang: BTreeMap<String, (usize, Duration)> = BTreeMap::new();
        let (start, cpu) = (Instant::now(), thread_cpu());
        for b in blocks {
            let token = b.info.split([' ', ',', '{']).next().unwrap_or("");
            let Some(syntax) = set.find_syntax_by_token(token) else {
                continue;
            };
            let block_cpu = thread_cpu();
            let mut state = ParseState::new(syntax);
            for line in b.code.split_inclusive('\n') {
                std::hint::black_box(state.parse_line(line, set).unwrap());
            }
            let entry = per_lang.entry(token.to_string()).or_default();
            entry.0 += b.code.lines().count();
            entry.1 += thread_cpu() - block_cpu;
        }
        report(
            &format!("{name} parse only, {pass}"),
            lines,
            start.elapsed(),
            thread_cpu() - cpu,
        );
        if pass == "warm" {
            for (lang, (n, cpu)) in per_lang {
                println!(
                    "    {lang:<8} {n:>6} lines {:>8.0} lines/s (cpu)",
                    n as f64 / cpu.as_secs_f64()
                );
            }
        }
    }
}

/// Wall time and CPU time: the machine is shared, so CPU time is the figure that transfers.
fn report(what: &str, lines: usize, wall: Duration, cpu: Duration) {
    let rate = |d: Duration| lines as f64 / d.as_secs_f64();
    println!(
        "{what}: {lines} lines, wall {wall:.2?} = {:.0} lines/s; cpu {cpu:.2?} = {:.0} lines/s/core",
        rate(wall),
        rate(cpu)
    );
}

/// CPU time of the calling thread (Linux: /proc/thread-self/schedstat, nanoseconds).
fn thread_cpu() -> Duration {
    schedstat("/proc/thread-self/schedstat")
}

/// CPU time of the whole process, all threads (Linux: utime + stime in /proc/self/stat).
fn process_cpu() -> Duration {
    let stat = std::fs::read_to_string("/proc/self/stat").unwrap_or_default();
    let after_name = stat.rsplit_once(')').map_or("", |(_, rest)| rest);
    let fields: Vec<&str> = after_name.split_whitespace().collect();
    let ticks: u64 = fields
        .get(11..13)
        .map_or(0, |f| f.iter().filter_map(|t| t.parse::<u64>().ok()).sum());
    Duration::from_millis(ticks * 10)
}

fn schedstat(path: &str) -> Duration {
    let text = std::fs::read_to_string(path).unwrap_or_default();
    let ns = text
        .split_whitespace()
        .next()
        .and_then(|n| n.parse().ok())
        .unwrap_or(0);
    Duration::from_nanos(ns)
}

/// Every fenced block of every markdown file under `dir`.
fn read_blocks(dir: &Path) -> Vec<Block> {
    let mut blocks = Vec::new();
    for entry in walkdir::WalkDir::new(dir).sort_by_file_name() {
        let entry = entry.expect("walk corpus");
        if entry.path().extension().map_or(true, |e| e != "md") {
            continue;
        }
        let text = std::fs::read_to_string(entry.path()).expect("read post");
        let mut open: Option<Block> = None;
        for (n, line) in text.lines().enumerate() {
            match (&mut open, line.trim_start().strip_prefix("```")) {
                (None, Some(info)) => {
                    open = Some(Block {
                        info: info.trim().to_string(),
                        code: String::new(),
                        line: n + 1,
                    })
                }
                (Some(_), Some(_)) => blocks.extend(open.take()),
                (Some(b), None) => {
                    b.code.push_str(line);
                    b.code.push('\n');
                }
                (None, None) => {}
            }
        }
    }
    assert!(!blocks.is_empty(), "no code blocks under {}", dir.display());
    blocks
}
