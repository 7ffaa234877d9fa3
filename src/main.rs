//! The `blog` binary: parse the command line, call the library, print errors once.

mod cli;

use std::path::Path;
use std::process::ExitCode;
use std::time::Instant;

use clap::Parser;

use cli::{CheckArgs, Cli, Command, Format, NewArgs};

/// A build allocates and frees millions of small strings and JSON values across threads;
/// glibc's malloc and free were about a fifth of a warm build's CPU samples.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() -> ExitCode {
    // Pages render on rayon's threads: give them the stack that the deepest nesting of
    // template macros allowed needs (reserved, not touched, until used).
    let _ = rayon::ThreadPoolBuilder::new()
        .stack_size(blog::templates::RENDER_STACK)
        .build_global();
    run(Cli::parse())
}

/// Runs one command and gives its exit code: the one place errors are printed. `check` has
/// codes of its own (see [`run_check`]); every other command exits 1 on an error.
fn run(cli: Cli) -> ExitCode {
    let result = match cli.command {
        Command::Check(args) => return run_check(&args),
        Command::Build(args) => run_build(&args),
        Command::Serve(args) => blog::serve::serve(&args.to_options()),
        Command::New(args) => run_new(&args),
        Command::Deploy(args) => blog::deploy::deploy(&args.to_options()),
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("Error: {e:#}");
            ExitCode::FAILURE
        }
    }
}

fn run_build(args: &cli::BuildArgs) -> anyhow::Result<()> {
    let started = Instant::now();
    let report = blog::build(&args.to_options())?;
    for warning in &report.warnings {
        eprintln!("Warning: {warning}");
    }
    print!("{}", summary(&report, started.elapsed().as_millis()));
    Ok(())
}

/// `blog check` exits 0 when all is well, 1 when something is broken, 2 when it could not
/// run, so CI can tell a broken link from a broken checkout.
fn run_check(args: &CheckArgs) -> ExitCode {
    match blog::check::run(&args.to_options()) {
        Ok(report) => {
            match args.format {
                Format::Text => print!("{}", report.to_text()),
                Format::Json => print!("{}", report.to_json()),
            }
            if report.is_broken() {
                ExitCode::from(1)
            } else {
                ExitCode::SUCCESS
            }
        }
        Err(e) => {
            eprintln!("Error: {e:#}");
            ExitCode::from(2)
        }
    }
}

fn run_new(args: &NewArgs) -> anyhow::Result<()> {
    match args.what.as_slice() {
        [kind, dir] if kind == "site" => {
            blog::scaffold::new_site(Path::new(dir), args.force)?;
            println!("Congratulations! Your new site is in {dir}.");
            println!("Next: cd {dir} && blog new post/my-first-post.md && blog serve -D");
            Ok(())
        }
        [kind, path] if kind == "content" => new_content(args, path),
        [path] => new_content(args, path),
        _ => anyhow::bail!("usage: blog new site DIR | blog new [content] SECTION/NAME.md"),
    }
}

fn new_content(args: &NewArgs, path: &str) -> anyhow::Result<()> {
    let created = blog::scaffold::new_content(&args.source, Path::new(path))?;
    println!("Content \"{}\" created", created.display());
    Ok(())
}

/// How a row of the summary reads its count from a language's report.
type Count = fn(&blog::LanguageReport) -> usize;

/// Hugo's summary table: a column per language (`| EN | ZH`), then what was written.
fn summary(report: &blog::BuildReport, millis: u128) -> String {
    let columns = &report.languages;
    let header: Vec<String> = columns
        .iter()
        .map(|l| format!("| {:<4}", l.code.to_uppercase()))
        .collect();
    let mut out = format!("{:19}{}\n", "", header.join(" ").trim_end());
    out.push_str(&format!("{:-<19}{}\n", "", "+------".repeat(columns.len())));
    let rows: [(&str, Count); 5] = [
        ("Pages", |l| l.pages),
        ("List pages", |l| l.list_pages),
        ("Taxonomy terms", |l| l.taxonomy_terms),
        ("Static files", |l| l.static_files),
        ("Aliases", |l| l.aliases),
    ];
    for (name, count) in rows {
        let cells: Vec<String> = columns
            .iter()
            .map(|l| format!("| {:>4}", count(l)))
            .collect();
        out.push_str(&format!("  {name:<17}{}\n", cells.join(" ")));
    }
    let w = &report.written;
    out.push_str(&format!(
        "  Files written    | {:>4} ({} unchanged, {} removed)\n",
        w.written, w.unchanged, w.removed
    ));
    out.push_str(&format!("\nTotal in {millis} ms\n"));
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn language(code: &str, pages: usize) -> blog::LanguageReport {
        blog::LanguageReport {
            code: code.into(),
            pages,
            ..Default::default()
        }
    }

    /// One column per language, headed by its code: a Chinese-only site is not `EN`, and a
    /// site in two languages has two columns.
    #[test]
    fn the_summary_has_a_column_per_language() {
        let one = blog::BuildReport {
            languages: vec![language("en", 3)],
            ..Default::default()
        };
        let text = summary(&one, 5);
        assert!(
            text.starts_with(
                "                   | EN\n-------------------+------\n  Pages            |    3\n"
            ),
            "{text}"
        );
        let zh = blog::BuildReport {
            languages: vec![language("zh", 3)],
            ..Default::default()
        };
        assert!(summary(&zh, 5).starts_with("                   | ZH\n"));
        let two = blog::BuildReport {
            languages: vec![language("en", 3), language("zh", 12)],
            ..Default::default()
        };
        let text = summary(&two, 5);
        assert!(text.starts_with("                   | EN   | ZH\n-------------------+------+------\n  Pages            |    3 |   12\n"), "{text}");
    }

    /// `check` exits 1 on broken links through the one dispatch every command takes (its
    /// second arm used to drop the code and exit 0).
    #[test]
    fn check_through_the_dispatch_exits_1_on_broken_links() {
        let site = tempfile::tempdir().unwrap();
        std::fs::write(site.path().join("config.toml"), "title = \"t\"\n").unwrap();
        std::fs::create_dir_all(site.path().join("content/post")).unwrap();
        std::fs::write(
            site.path().join("content/post/a.md"),
            "---\ntitle: A\n---\n[gone](/post/nowhere/)\n",
        )
        .unwrap();
        let source = site.path().to_string_lossy().into_owned();
        let cache = site.path().join("cache").to_string_lossy().into_owned();
        let cli = Cli::parse_from(["blog", "check", "-s", &source, "--cacheDir", &cache]);
        assert_eq!(run(cli), ExitCode::from(1));
    }
}
