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
    let cli = Cli::parse();
    // Pages render on rayon's threads: give them the stack that the deepest nesting of
    // template macros allowed needs (reserved, not touched, until used).
    let _ = rayon::ThreadPoolBuilder::new()
        .stack_size(blog::templates::RENDER_STACK)
        .build_global();
    if let Command::Check(args) = &cli.command {
        return run_check(args);
    }
    match run(cli) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("Error: {e:#}");
            ExitCode::FAILURE
        }
    }
}

fn run(cli: Cli) -> anyhow::Result<()> {
    match cli.command {
        Command::Build(args) => {
            let started = Instant::now();
            let report = blog::build(&args.to_options())?;
            for warning in &report.warnings {
                eprintln!("Warning: {warning}");
            }
            print_summary(&report, started.elapsed().as_millis());
            Ok(())
        }
        Command::Serve(args) => blog::serve::serve(&args.to_options()),
        Command::New(args) => run_new(&args),
        Command::Deploy(args) => blog::deploy::deploy(&args.to_options()),
        Command::Check(args) => {
            run_check(&args);
            Ok(())
        }
    }
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

fn print_summary(report: &blog::BuildReport, millis: u128) {
    println!("                   | EN");
    println!("-------------------+------");
    println!("  Pages            | {:>4}", report.pages);
    println!("  List pages       | {:>4}", report.list_pages);
    println!("  Taxonomy terms   | {:>4}", report.taxonomy_terms);
    println!("  Static files     | {:>4}", report.static_files);
    println!("  Aliases          | {:>4}", report.aliases);
    println!(
        "  Files written    | {:>4} ({} unchanged, {} removed)",
        report.written.written, report.written.unchanged, report.written.removed
    );
    println!("\nTotal in {millis} ms");
}
