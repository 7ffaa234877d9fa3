//! The image benchmark: 200 photos of 2 to 4 megapixels, each resized to three widths as
//! JPEG and as WebP (six results per photo), cold (empty cache) and warm (nothing to do).
//!
//!     cargo run --release -p assets --example bench_images -- gen DIR      # writes the photos
//!     cargo run --release -p assets --example bench_images -- run DIR CACHE
//!
//! `bench/assets-images.sh` runs both and Hugo on a site doing the same.

use std::path::{Path, PathBuf};
use std::time::Instant;

use assets::image::{Action, ImageProcessor, ImagingConfig, Job, Operation};
use assets::Resource;

/// The widths of a typical `srcset`.
const WIDTHS: [u32; 3] = [480, 960, 1440];
const COUNT: usize = 200;

fn main() {
    let args: Vec<String> = std::env::args().collect();
    match args.get(1).map(String::as_str) {
        Some("gen") => generate(Path::new(&args[2])),
        Some("run") => run(Path::new(&args[2]), Path::new(&args[3])),
        _ => eprintln!("usage: bench_images gen DIR | run DIR CACHE"),
    }
}

/// Deterministic photos: sizes cycle through 2 to 4 megapixels in 4:3 and 3:2, content is
/// smooth gradients with fine texture, so JPEG sizes are like real photos'.
fn generate(dir: &Path) {
    std::fs::create_dir_all(dir).unwrap();
    let sizes = [
        (1632, 1224),
        (1800, 1200),
        (2048, 1536),
        (2100, 1400),
        (2304, 1728),
        (2400, 1600),
    ];
    (0..COUNT).for_each(|i| {
        let (w, h) = sizes[i % sizes.len()];
        let img = image::RgbImage::from_fn(w, h, |x, y| {
            let n = (x.wrapping_mul(2_654_435_761) ^ y.wrapping_mul(40_503) ^ i as u32)
                .wrapping_mul(2_246_822_519)
                >> 27;
            let r = (x * 255 / w) as u8;
            let g = (y * 255 / h) as u8;
            let b = ((x + y + i as u32 * 37) % 256) as u8;
            image::Rgb([r.saturating_add(n as u8), g, b.saturating_sub(n as u8)])
        });
        let path = dir.join(format!("photo-{i:03}.jpg"));
        let mut out = std::fs::File::create(&path).unwrap();
        image::codecs::jpeg::JpegEncoder::new_with_quality(&mut out, 85)
            .encode_image(&img)
            .unwrap();
    });
    println!("wrote {COUNT} photos to {}", dir.display());
}

fn jobs(dir: &Path) -> Vec<Job> {
    let mut paths: Vec<PathBuf> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    paths.sort();
    let mut operations = Vec::new();
    for w in WIDTHS {
        for format in ["", " webp"] {
            operations
                .push(Operation::parse(Some(Action::Resize), &format!("{w}x{format}")).unwrap());
        }
    }
    paths
        .iter()
        .map(|p| Job {
            source: Resource::new(
                &p.file_name().unwrap().to_string_lossy(),
                std::fs::read(p).unwrap(),
            ),
            operations: operations.clone(),
        })
        .collect()
}

fn run(dir: &Path, cache: &Path) {
    let _ = std::fs::remove_dir_all(cache);
    for label in ["cold", "warm"] {
        let start = Instant::now();
        // Reading the sources is part of the work, as it is for Hugo.
        let jobs = jobs(dir);
        let processor = ImageProcessor::new(ImagingConfig::default(), Some(cache.to_path_buf()));
        let results = processor.batch(&jobs);
        let elapsed = start.elapsed();
        let bytes: usize = results
            .iter()
            .map(|r| {
                r.as_ref()
                    .expect("bench images process")
                    .iter()
                    .map(|i| i.resource.content().len())
                    .sum::<usize>()
            })
            .sum();
        let s = processor.stats();
        println!(
            "{label}: {:.2} s, {} sources, {} processed, {} from cache, {} decoded, {:.1} MB out",
            elapsed.as_secs_f64(),
            jobs.len(),
            s.processed,
            s.reused,
            s.decoded,
            bytes as f64 / 1e6
        );
    }
}
