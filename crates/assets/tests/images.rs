//! The image processor's promises: bad and huge images give a clear error without
//! allocating their pixels, the disk cache makes a warm run decode nothing, output is
//! byte-identical across runs, and a batch processes sources in parallel.

use std::path::Path;

use assets::image::{Action, ImageProcessor, ImagingConfig, Job, Operation};
use assets::{Error, Resource};

fn fixture(name: &str) -> Resource {
    let path = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/sites/images/assets")
        .join(name);
    Resource::new(name, std::fs::read(path).unwrap())
}

fn crc32(bytes: &[u8]) -> u32 {
    let mut crc = !0u32;
    for &b in bytes {
        crc ^= u32::from(b);
        for _ in 0..8 {
            crc = if crc & 1 == 1 {
                (crc >> 1) ^ 0xEDB8_8320
            } else {
                crc >> 1
            };
        }
    }
    !crc
}

fn chunk(kind: &[u8; 4], data: &[u8]) -> Vec<u8> {
    let mut out = (data.len() as u32).to_be_bytes().to_vec();
    let mut body = kind.to_vec();
    body.extend_from_slice(data);
    out.extend_from_slice(&body);
    out.extend_from_slice(&crc32(&body).to_be_bytes());
    out
}

/// A valid PNG header declaring `width` x `height` RGBA pixels, with a token of data.
fn png_declaring(width: u32, height: u32) -> Vec<u8> {
    let mut png = b"\x89PNG\r\n\x1a\n".to_vec();
    let mut ihdr = width.to_be_bytes().to_vec();
    ihdr.extend_from_slice(&height.to_be_bytes());
    ihdr.extend_from_slice(&[8, 6, 0, 0, 0]);
    png.extend(chunk(b"IHDR", &ihdr));
    // A zlib stream of a few zero bytes: far too little for the declared size.
    png.extend(chunk(
        b"IDAT",
        &[0x78, 0x9c, 0x63, 0x00, 0x00, 0x00, 0x01, 0x00, 0x01],
    ));
    png.extend(chunk(b"IEND", &[]));
    png
}

#[test]
fn a_png_declaring_ten_gigapixels_is_refused_before_decoding() {
    let p = ImageProcessor::new(ImagingConfig::default(), None);
    let bomb = Resource::new("bomb.png", png_declaring(100_000, 100_000));
    // The header is readable: .Width and .Height work without decoding.
    let info = p.info(&bomb).unwrap();
    assert_eq!((info.width, info.height), (100_000, 100_000));
    let start = std::time::Instant::now();
    let err = p.resize(&bomb, "100x").unwrap_err();
    assert!(
        matches!(err, Error::ImageTooLarge { width: 100_000, height: 100_000, limit: 50_000_000, ref name } if name == "/bomb.png"),
        "{err:?}"
    );
    assert!(
        start.elapsed().as_secs() < 2,
        "refused from the header, not after decoding"
    );
    assert!(matches!(
        assets::image::decode("bomb.png", bomb.content(), 50_000_000),
        Err(Error::ImageTooLarge { .. })
    ));
}

#[test]
fn the_pixel_limit_is_configurable_and_truncated_files_are_errors() {
    let config = ImagingConfig {
        max_pixels: 1000,
        ..ImagingConfig::default()
    };
    let p = ImageProcessor::new(config, None);
    assert!(matches!(
        p.resize(&fixture("photo.jpg"), "10x"),
        Err(Error::ImageTooLarge {
            width: 640,
            height: 480,
            ..
        })
    ));

    let p = ImageProcessor::new(ImagingConfig::default(), None);
    // A PNG whose data ends early: declared 64x64, a token of pixels.
    let short = Resource::new("short.png", png_declaring(64, 64));
    assert!(matches!(p.resize(&short, "10x"), Err(Error::Image { .. })));
    let mut jpeg = fixture("photo.jpg").content().to_vec();
    jpeg.truncate(jpeg.len() / 3);
    let cut = Resource::new("cut.jpg", jpeg);
    // A cut JPEG decodes to grey where data is missing, or fails; it never panics.
    let _ = p.resize(&cut, "10x");
    let text = Resource::new("notes.jpg", &b"not an image"[..]);
    assert!(matches!(p.info(&text), Err(Error::Image { .. })));
    assert!(matches!(p.resize(&text, "10x"), Err(Error::Image { .. })));
}

#[test]
fn a_warm_run_decodes_nothing_and_gives_the_same_bytes() {
    let cache = tempfile::tempdir().unwrap();
    let ops: Vec<Operation> = ["300x", "200x webp q60", "100x100 png"]
        .iter()
        .map(|s| Operation::parse(Some(Action::Resize), s).unwrap())
        .collect();
    let source = fixture("photo.jpg");

    let cold = ImageProcessor::new(ImagingConfig::default(), Some(cache.path().to_path_buf()));
    let first = cold.apply_all(&source, &ops).unwrap();
    let stats = cold.stats();
    assert_eq!(
        (stats.processed, stats.reused, stats.decoded),
        (3, 0, 1),
        "one decode for three results"
    );

    let warm = ImageProcessor::new(ImagingConfig::default(), Some(cache.path().to_path_buf()));
    let second = warm.apply_all(&source, &ops).unwrap();
    let stats = warm.stats();
    assert_eq!((stats.processed, stats.reused, stats.decoded), (0, 3, 0));
    for (a, b) in first.iter().zip(&second) {
        assert_eq!(a.resource.content(), b.resource.content());
        assert_eq!(a.resource.target_path(), b.resource.target_path());
        assert_eq!((a.width, a.height), (b.width, b.height));
    }

    // Without a cache, a second processor computes the same bytes: output is deterministic.
    let again = ImageProcessor::new(ImagingConfig::default(), None)
        .apply_all(&source, &ops)
        .unwrap();
    for (a, b) in first.iter().zip(&again) {
        assert_eq!(
            a.resource.content(),
            b.resource.content(),
            "{}",
            a.resource.target_path()
        );
    }

    // Other bytes under the same name are another source.
    let other = Resource::new("photo.jpg", fixture("alpha.png").content().to_vec());
    let changed = warm.apply_all(&other, &ops[..1]).unwrap();
    assert_ne!(
        changed[0].resource.target_path(),
        first[0].resource.target_path()
    );
    assert_eq!(warm.stats().processed, 1);
}

#[test]
fn a_batch_keeps_the_order_of_its_jobs_and_reports_each_error() {
    let p = ImageProcessor::new(ImagingConfig::default(), None);
    let resize = |s: &str| Operation::parse(Some(Action::Resize), s).unwrap();
    let jobs = vec![
        Job {
            source: fixture("photo.jpg"),
            operations: vec![resize("64x"), resize("32x")],
        },
        Job {
            source: Resource::new("bad.png", &b"nope"[..]),
            operations: vec![resize("64x")],
        },
        Job {
            source: fixture("alpha.png"),
            operations: vec![resize("x20 webp")],
        },
    ];
    let out = p.batch(&jobs);
    assert_eq!(out.len(), 3);
    let first = out[0].as_ref().unwrap();
    assert_eq!(
        first.iter().map(|i| i.width).collect::<Vec<_>>(),
        vec![64, 32]
    );
    assert!(matches!(out[1], Err(Error::Image { .. })));
    let third = out[2].as_ref().unwrap();
    assert_eq!(
        (
            third[0].width,
            third[0].height,
            third[0].resource.media_type().sub
        ),
        (30, 20, "webp")
    );
}

#[test]
fn webp_is_lossy_by_default_and_lossless_on_request() {
    let p = ImageProcessor::new(ImagingConfig::default(), None);
    let photo = fixture("photo.jpg");
    let lossy = p.resize(&photo, "300x webp q50").unwrap();
    let lossless = p.resize(&photo, "300x webp lossless").unwrap();
    // VP8 (lossy) and VP8L (lossless) chunks, as libwebp writes them.
    assert_eq!(&lossy.resource.content()[12..16], b"VP8 ");
    assert_eq!(&lossless.resource.content()[12..16], b"VP8L");
    let q90 = p.resize(&photo, "300x webp q90").unwrap();
    assert!(q90.resource.content().len() > lossy.resource.content().len());
    // And the decoder reads what the encoder wrote.
    let back = p.info(&lossy.resource).unwrap();
    assert_eq!((back.width, back.height), (300, 225));
}

#[test]
fn every_format_reads_back_what_it_wrote() {
    let p = ImageProcessor::new(ImagingConfig::default(), None);
    let photo = fixture("photo.jpg");
    for format in ["jpg", "png", "gif", "webp", "bmp", "tiff"] {
        let out = p.resize(&photo, &format!("64x {format}")).unwrap();
        assert_eq!((out.width, out.height), (64, 48), "{format}");
        // The result is itself a source: processed again, to PNG.
        let again = p.resize(&out.resource, "32x png").unwrap();
        assert_eq!(
            (again.width, again.height, again.resource.media_type().sub),
            (32, 24, "png"),
            "{format}"
        );
    }
}
