//! `BLOG_TIMINGS=1` prints how long each step of a build took and the memory peak so far:
//! the first thing to look at before optimising anything. Any module may time its steps.

/// Prints how long each step took when `BLOG_TIMINGS` is set: the first thing to look at
/// before optimising anything.
pub struct StepTimer {
    enabled: bool,
    last: std::time::Instant,
}

impl StepTimer {
    pub fn start() -> StepTimer {
        StepTimer {
            enabled: std::env::var_os("BLOG_TIMINGS").is_some(),
            last: std::time::Instant::now(),
        }
    }

    /// Starts the next step from now, leaving out what was timed elsewhere.
    pub fn restart(&mut self) {
        self.last = std::time::Instant::now();
    }

    pub fn step(&mut self, name: &str) {
        if self.enabled {
            eprintln!(
                "{:>8.1} ms  {:>5} MiB peak  {name}",
                self.last.elapsed().as_secs_f64() * 1000.0,
                peak_memory_mib().map_or("?".to_string(), |m| m.to_string())
            );
        }
        self.last = std::time::Instant::now();
    }
}

/// The process's peak resident memory so far (Linux's `VmHWM`), for `BLOG_TIMINGS`: where
/// in a build the memory peak is reached.
fn peak_memory_mib() -> Option<u64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let line = status.lines().find(|l| l.starts_with("VmHWM:"))?;
    let kib: u64 = line.split_whitespace().nth(1)?.parse().ok()?;
    Some(kib / 1024)
}
