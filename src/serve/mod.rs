//! `blog serve`: build in memory, serve over HTTP, watch, rebuild and reload the browser.

use std::net::IpAddr;

use crate::site::BuildOptions;

#[derive(Debug, Clone)]
pub struct ServeOptions {
    pub build: BuildOptions,
    pub bind: IpAddr,
    pub port: u16,
    /// Open the browser once the first build is served.
    pub open: bool,
}

/// Runs the dev server until Ctrl+C.
pub fn serve(_options: &ServeOptions) -> anyhow::Result<()> {
    anyhow::bail!("blog serve is not built yet")
}
