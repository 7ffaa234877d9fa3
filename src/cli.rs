//! The command line: clap's derive, turned once into the library's `*Options` structs so
//! the code that does the work never sees a flag.

use std::net::IpAddr;
use std::path::PathBuf;

use clap::{Args, Parser, Subcommand, ValueEnum};

use blog::check::CheckOptions;
use blog::deploy::DeployOptions;
use blog::serve::ServeOptions;
use blog::BuildOptions;

#[derive(Debug, Parser)]
#[command(
    name = "blog",
    version,
    about = "A static-site generator for source-analysis notes"
)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Build the site into public/ (or --destination).
    Build(BuildArgs),
    /// Serve the site with live reload (never writes public/).
    #[command(alias = "server")]
    Serve(ServeArgs),
    /// Create a new site (`new site DIR`) or content file (`new post/x.md`).
    New(NewArgs),
    /// Build into the public/ submodule, commit and push it to GitHub Pages.
    Deploy(DeployArgs),
    /// Check links, anchors, images and code snippets against their upstream (writes nothing).
    Check(CheckArgs),
}

/// Flags shared by every command that builds, named as Hugo names them.
#[derive(Debug, Args)]
pub struct BuildArgs {
    /// The site's root folder.
    #[arg(short = 's', long = "source", default_value = ".")]
    pub source: PathBuf,
    /// Output folder (relative to the source).
    #[arg(short = 'd', long = "destination", default_value = "public")]
    pub destination: PathBuf,
    /// Include drafts.
    #[arg(short = 'D', long = "buildDrafts")]
    pub drafts: bool,
    /// Include pages dated in the future.
    #[arg(short = 'F', long = "buildFuture")]
    pub future: bool,
    /// Include expired pages.
    #[arg(short = 'E', long = "buildExpired")]
    pub expired: bool,
    /// Override baseURL from the config.
    #[arg(short = 'b', long = "baseURL")]
    pub base_url: Option<String>,
    /// Folder for the highlighted-code cache.
    #[arg(long = "cacheDir")]
    pub cache_dir: Option<PathBuf>,
    /// Do not read or write the cache.
    #[arg(long = "ignoreCache")]
    pub ignore_cache: bool,
    /// Which config/<ENV>/ to merge over config/_default/ [default: $HUGO_ENVIRONMENT, else
    /// production; development for serve].
    #[arg(short = 'e', long = "environment")]
    pub environment: Option<String>,
}

#[derive(Debug, Args)]
pub struct ServeArgs {
    #[command(flatten)]
    pub build: BuildArgs,
    #[arg(short = 'p', long = "port", default_value_t = 1313)]
    pub port: u16,
    #[arg(long = "bind", default_value = "127.0.0.1")]
    pub bind: IpAddr,
    /// Open the site in the default browser.
    #[arg(long = "open")]
    pub open: bool,
}

#[derive(Debug, Args)]
pub struct NewArgs {
    /// `site DIR`, `content PATH`, or just `PATH` under content/.
    #[arg(required = true, num_args = 1..=2)]
    pub what: Vec<String>,
    /// Allow `new site` into a non-empty folder.
    #[arg(short = 'f', long = "force")]
    pub force: bool,
    /// The site's root folder (for new content).
    #[arg(short = 's', long = "source", default_value = ".")]
    pub source: PathBuf,
}

#[derive(Debug, Args)]
pub struct DeployArgs {
    /// The site's root folder (a git repository with public/ as a submodule).
    #[arg(short = 's', long = "source", default_value = ".")]
    pub source: PathBuf,
    /// Commit message (default: "rebuilding site <date>").
    #[arg(short = 'm', long = "message")]
    pub message: Option<String>,
    /// Show what would be committed and pushed; change nothing.
    #[arg(long = "dry-run")]
    pub dry_run: bool,
    /// Add public/ as a git submodule of this URL first, then deploy.
    #[arg(long = "init", value_name = "URL")]
    pub init: Option<String>,
    /// Branch of the pages repository [default: public/'s current branch, else the
    /// submodule's branch in .gitmodules, else master].
    #[arg(long = "branch")]
    pub branch: Option<String>,
    /// Commit the updated submodule pointer in the site repository afterwards.
    #[arg(long = "source-commit")]
    pub source_commit: bool,
    /// Publish even when the site has broken internal links.
    #[arg(long = "force")]
    pub force: bool,
    /// Folder for the highlighted-code cache.
    #[arg(long = "cacheDir")]
    pub cache_dir: Option<PathBuf>,
    /// Which config/<ENV>/ to merge over config/_default/ [default: $HUGO_ENVIRONMENT, else
    /// production].
    #[arg(short = 'e', long = "environment")]
    pub environment: Option<String>,
}

/// The environment as Hugo picks it: the flag, then `HUGO_ENVIRONMENT` (or its older name
/// `HUGO_ENV`), then the command's default.
fn environment(flag: &Option<String>, default: &str) -> String {
    flag.clone()
        .or_else(|| std::env::var("HUGO_ENVIRONMENT").ok())
        .or_else(|| std::env::var("HUGO_ENV").ok())
        .filter(|e| !e.is_empty())
        .unwrap_or_else(|| default.to_string())
}

#[derive(Debug, Args)]
pub struct CheckArgs {
    /// The site's root folder.
    #[arg(short = 's', long = "source", default_value = ".")]
    pub source: PathBuf,
    /// Include drafts.
    #[arg(short = 'D', long = "buildDrafts")]
    pub drafts: bool,
    /// A local clone of an upstream repository, for checking snippets (repeatable).
    #[arg(long = "upstream", value_name = "URL=PATH", value_parser = blog::check::parse_upstream)]
    pub upstreams: Vec<(String, PathBuf)>,
    /// Also visit external links.
    #[arg(long = "external")]
    pub external: bool,
    /// Rewrite the line number of snippet titles that match elsewhere upstream.
    #[arg(long = "fix")]
    pub fix: bool,
    /// How problems are printed.
    #[arg(long = "format", value_enum, default_value_t = Format::Text)]
    pub format: Format,
    /// Folder for the highlighted-code cache and the external-link results.
    #[arg(long = "cacheDir")]
    pub cache_dir: Option<PathBuf>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Format {
    Text,
    Json,
}

impl CheckArgs {
    pub fn to_options(&self) -> CheckOptions {
        let mut build = blog::BuildOptions::new(&self.source);
        build.drafts = self.drafts;
        build.cache_dir = self.cache_dir.clone();
        CheckOptions {
            build,
            upstreams: self.upstreams.clone(),
            external: self.external,
            fix: self.fix,
        }
    }
}

impl BuildArgs {
    pub fn to_options(&self) -> BuildOptions {
        self.to_options_in("production")
    }

    fn to_options_in(&self, default_environment: &str) -> BuildOptions {
        BuildOptions {
            source: self.source.clone(),
            destination: self.destination.clone(),
            drafts: self.drafts,
            future: self.future,
            expired: self.expired,
            base_url: self.base_url.clone(),
            cache_dir: self.cache_dir.clone(),
            ignore_cache: self.ignore_cache,
            environment: environment(&self.environment, default_environment),
        }
    }
}

impl ServeArgs {
    pub fn to_options(&self) -> ServeOptions {
        ServeOptions {
            build: self.build.to_options_in("development"),
            bind: self.bind,
            port: self.port,
            open: self.open,
        }
    }
}

impl DeployArgs {
    pub fn to_options(&self) -> DeployOptions {
        let mut options = DeployOptions::new(&self.source);
        options.build.cache_dir = self.cache_dir.clone();
        options.build.environment = environment(&self.environment, "production");
        options.message = self.message.clone();
        options.dry_run = self.dry_run;
        options.init = self.init.clone();
        options.branch = self.branch.clone();
        options.source_commit = self.source_commit;
        options.force = self.force;
        options
    }
}
