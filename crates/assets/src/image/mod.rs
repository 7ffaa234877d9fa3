//! Image processing: `.Width`/`.Height`, `Resize`, `Fit`, `Fill`, `Crop`, `Filter`,
//! `Process`, `.Exif`, and encoding to JPEG, PNG, GIF, WebP (lossy or lossless), BMP, TIFF.
//!
//! [`ImageProcessor`] owns the `[imaging]` defaults and the disk cache. An operation is
//! resolved to its canonical options first; if the cache holds the result, the source is
//! never decoded (its dimensions come from the cached file's header). Otherwise the source
//! is decoded once for all the operations asked of it, within a limit on pixels checked from
//! the header before any pixel is allocated. [`ImageProcessor::batch`] runs sources in
//! parallel on rayon's pool, one decoded source per thread at a time, so memory stays near
//! threads x (one source + its largest result).
//!
//! Pixels are 8-bit RGB (opaque sources) or RGBA; resampling is `fast_image_resize`'s SIMD
//! convolution, the encoders are the `image` crate's, except WebP, which is libwebp (built
//! from source by `cc`): the `image` crate only writes lossless WebP.

mod cache;
mod exif;
mod filters;
pub mod options;
mod smartcrop;

use std::io::Cursor;
use std::path::PathBuf;
use std::sync::atomic::{AtomicUsize, Ordering};

use fast_image_resize as fr;
use image::{DynamicImage, GenericImageView, ImageDecoder, RgbImage, RgbaImage};
use rayon::prelude::*;

pub use cache::DiskCache;
pub use exif::{orientation, read_exif, Exif};
pub use filters::Filter;
pub use options::{
    Action, Anchor, Compression, ExifConfig, Hint, ImagingConfig, ProcessSpec, Resampling,
    Resolved, Rgb,
};
pub use smartcrop::{smart_crop, Rect};

use crate::error::{Error, Result};
use crate::media::{self, MediaType};
use crate::resource::Resource;

/// The image formats Hugo processes.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Format {
    Jpeg,
    Png,
    Gif,
    Tiff,
    Bmp,
    Webp,
}

impl Format {
    /// `jpg`, `jpeg`, `jpe`, `jif`, `jfif`, `png`, `gif`, `tif`, `tiff`, `bmp`, `webp`.
    pub fn from_extension(ext: &str) -> Option<Format> {
        Some(
            match ext.trim_start_matches('.').to_ascii_lowercase().as_str() {
                "jpg" | "jpeg" | "jpe" | "jif" | "jfif" => Format::Jpeg,
                "png" => Format::Png,
                "gif" => Format::Gif,
                "tif" | "tiff" => Format::Tiff,
                "bmp" => Format::Bmp,
                "webp" => Format::Webp,
                _ => return None,
            },
        )
    }

    /// The suffix Hugo writes.
    pub fn extension(self) -> &'static str {
        self.media_type().first_suffix()
    }

    pub fn media_type(self) -> MediaType {
        match self {
            Format::Jpeg => media::JPEG,
            Format::Png => media::PNG,
            Format::Gif => media::GIF,
            Format::Tiff => media::TIFF,
            Format::Bmp => media::BMP,
            Format::Webp => media::WEBP,
        }
    }

    pub fn supports_transparency(self) -> bool {
        self != Format::Jpeg
    }

    /// Whether a quality setting changes the output.
    pub fn has_quality(self) -> bool {
        matches!(self, Format::Jpeg | Format::Webp)
    }

    fn of(f: image::ImageFormat) -> Option<Format> {
        Some(match f {
            image::ImageFormat::Jpeg => Format::Jpeg,
            image::ImageFormat::Png => Format::Png,
            image::ImageFormat::Gif => Format::Gif,
            image::ImageFormat::Tiff => Format::Tiff,
            image::ImageFormat::Bmp => Format::Bmp,
            image::ImageFormat::WebP => Format::Webp,
            _ => return None,
        })
    }
}

/// What the header says: enough for `.Width` and `.Height` without decoding.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct ImageInfo {
    pub format: Format,
    pub width: u32,
    pub height: u32,
}

/// Reads the format (from the bytes, not the name) and dimensions from the header.
pub fn image_info(name: &str, bytes: &[u8]) -> Result<ImageInfo> {
    let reader = image::ImageReader::new(Cursor::new(bytes))
        .with_guessed_format()
        .map_err(|e| Error::image(name, e))?;
    let format = reader
        .format()
        .and_then(Format::of)
        .ok_or_else(|| Error::image(name, "not a JPEG, PNG, GIF, WebP, BMP or TIFF image"))?;
    let (width, height) = reader
        .into_dimensions()
        .map_err(|e| Error::image(name, e))?;
    Ok(ImageInfo {
        format,
        width,
        height,
    })
}

/// Decodes within `max_pixels`: the header is checked first, then the decoder itself is
/// bounded, so a file that lies in its header cannot allocate more either.
pub fn decode(name: &str, bytes: &[u8], max_pixels: u64) -> Result<(ImageInfo, DynamicImage)> {
    let info = image_info(name, bytes)?;
    check_size(
        name,
        u64::from(info.width),
        u64::from(info.height),
        max_pixels,
    )?;
    let mut reader = image::ImageReader::new(Cursor::new(bytes))
        .with_guessed_format()
        .map_err(|e| Error::image(name, e))?;
    let mut limits = image::Limits::default();
    limits.max_alloc = Some(max_pixels.saturating_mul(8).max(1 << 20));
    reader.limits(limits);
    let decoder = reader.into_decoder().map_err(|e| Error::image(name, e))?;
    let (w, h) = decoder.dimensions();
    check_size(name, u64::from(w), u64::from(h), max_pixels)?;
    let img = DynamicImage::from_decoder(decoder).map_err(|e| Error::image(name, e))?;
    Ok((info, normalize(img)))
}

fn check_size(name: &str, width: u64, height: u64, limit: u64) -> Result<()> {
    if width.saturating_mul(height) > limit {
        return Err(Error::ImageTooLarge {
            name: name.to_string(),
            width,
            height,
            limit,
        });
    }
    Ok(())
}

/// Every image becomes 8-bit RGB, or RGBA when it has alpha: the two layouts the resizer
/// and the encoders share.
fn normalize(img: DynamicImage) -> DynamicImage {
    match img {
        DynamicImage::ImageRgb8(_) | DynamicImage::ImageRgba8(_) => img,
        other if other.color().has_alpha() => DynamicImage::ImageRgba8(other.into_rgba8()),
        other => DynamicImage::ImageRgb8(other.into_rgb8()),
    }
}

/// A processed image: the resource to publish and its size.
#[derive(Clone, Debug)]
pub struct ImageResource {
    pub resource: Resource,
    pub format: Format,
    pub width: u32,
    pub height: u32,
}

/// One operation on a source: the option string's meaning and the filters after it.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Operation {
    pub spec: ProcessSpec,
    pub filters: Vec<Filter>,
}

impl Operation {
    /// `Resize`, `Fit`, `Fill`, `Crop` (with their action) or `Process` (`None`).
    pub fn parse(action: Option<Action>, spec: &str) -> Result<Operation> {
        Ok(Operation {
            spec: ProcessSpec::parse(action, spec)?,
            filters: Vec::new(),
        })
    }

    /// `images.Filter`: filters only, same format.
    pub fn filters(filters: Vec<Filter>) -> Operation {
        Operation {
            spec: ProcessSpec::default(),
            filters,
        }
    }
}

/// A source and what to make of it, for [`ImageProcessor::batch`].
#[derive(Clone, Debug)]
pub struct Job {
    pub source: Resource,
    pub operations: Vec<Operation>,
}

/// How much work a processor did: `processed` images were computed, `reused` came from the
/// disk cache.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Stats {
    pub processed: usize,
    pub reused: usize,
    pub decoded: usize,
}

/// The `[imaging]` defaults and the cache; shared by every thread.
#[derive(Debug)]
pub struct ImageProcessor {
    config: ImagingConfig,
    cache: Option<DiskCache>,
    processed: AtomicUsize,
    reused: AtomicUsize,
    decoded: AtomicUsize,
}

impl ImageProcessor {
    /// A processor; `cache_dir` (e.g. `resources/_gen/images`) keeps results across runs.
    pub fn new(config: ImagingConfig, cache_dir: Option<PathBuf>) -> ImageProcessor {
        ImageProcessor {
            config,
            cache: cache_dir.map(DiskCache::new),
            processed: AtomicUsize::new(0),
            reused: AtomicUsize::new(0),
            decoded: AtomicUsize::new(0),
        }
    }

    pub fn config(&self) -> &ImagingConfig {
        &self.config
    }

    pub fn stats(&self) -> Stats {
        Stats {
            processed: self.processed.load(Ordering::Relaxed),
            reused: self.reused.load(Ordering::Relaxed),
            decoded: self.decoded.load(Ordering::Relaxed),
        }
    }

    /// `.Width`, `.Height` and the format, from the header.
    pub fn info(&self, source: &Resource) -> Result<ImageInfo> {
        image_info(source.name(), source.content())
    }

    /// `.Exif`.
    pub fn exif(&self, source: &Resource) -> Result<Option<Exif>> {
        read_exif(source.name(), source.content(), &self.config.exif)
    }

    pub fn resize(&self, source: &Resource, spec: &str) -> Result<ImageResource> {
        self.apply(source, &Operation::parse(Some(Action::Resize), spec)?)
    }

    pub fn fit(&self, source: &Resource, spec: &str) -> Result<ImageResource> {
        self.apply(source, &Operation::parse(Some(Action::Fit), spec)?)
    }

    pub fn fill(&self, source: &Resource, spec: &str) -> Result<ImageResource> {
        self.apply(source, &Operation::parse(Some(Action::Fill), spec)?)
    }

    pub fn crop(&self, source: &Resource, spec: &str) -> Result<ImageResource> {
        self.apply(source, &Operation::parse(Some(Action::Crop), spec)?)
    }

    pub fn process(&self, source: &Resource, spec: &str) -> Result<ImageResource> {
        self.apply(source, &Operation::parse(None, spec)?)
    }

    pub fn filter(&self, source: &Resource, filters: &[Filter]) -> Result<ImageResource> {
        self.apply(source, &Operation::filters(filters.to_vec()))
    }

    /// One operation.
    pub fn apply(&self, source: &Resource, op: &Operation) -> Result<ImageResource> {
        let mut out = self.apply_all(source, std::slice::from_ref(op))?;
        Ok(out.remove(0))
    }

    /// Every operation on one source, decoding it at most once.
    pub fn apply_all(&self, source: &Resource, ops: &[Operation]) -> Result<Vec<ImageResource>> {
        let name = source.name();
        let info = image_info(name, source.content())?;
        check_size(
            name,
            u64::from(info.width),
            u64::from(info.height),
            self.config.max_pixels,
        )?;
        let source_hash = source.content_hash();
        let mut decoded: Option<(DynamicImage, u16)> = None;
        let mut out = Vec::with_capacity(ops.len());
        for op in ops {
            let resolved = op.spec.resolve(&self.config, info.format);
            let mut key_text = resolved.key();
            for f in &op.filters {
                key_text += &format!("_{}", f.key());
            }
            let key = DiskCache::key(&source_hash, &key_text);
            let ext = resolved.format.extension();
            let cached = self.cache.as_ref().and_then(|c| c.get(&key, ext));
            let bytes = match cached {
                Some(bytes) => {
                    self.reused.fetch_add(1, Ordering::Relaxed);
                    bytes
                }
                None => {
                    if decoded.is_none() {
                        let (_, img) = decode(name, source.content(), self.config.max_pixels)?;
                        self.decoded.fetch_add(1, Ordering::Relaxed);
                        decoded = Some((img, orientation(source.content())));
                    }
                    let (img, orient) = decoded.as_ref().expect("decoded above");
                    let result = run(img, *orient, &resolved, &op.filters, self.config.bg_color);
                    let bytes = encode(name, &result, &resolved)?;
                    if let Some(cache) = &self.cache {
                        cache.put(&key, ext, &bytes)?;
                    }
                    self.processed.fetch_add(1, Ordering::Relaxed);
                    bytes
                }
            };
            let dims = image_info(name, &bytes)?;
            let target = processed_target(source.target_path(), &key, ext);
            let resource = source.with_content(bytes).with_target_path(&target);
            out.push(ImageResource {
                resource,
                format: resolved.format,
                width: dims.width,
                height: dims.height,
            });
        }
        Ok(out)
    }

    /// Many sources in parallel, one decoded source per thread at a time; results in the
    /// order of `jobs`.
    pub fn batch(&self, jobs: &[Job]) -> Vec<Result<Vec<ImageResource>>> {
        jobs.par_iter()
            .map(|job| self.apply_all(&job.source, &job.operations))
            .collect()
    }
}

/// `/dir/photo.jpg` processed under `key` to `/dir/photo_hu_<key>.webp`, the shape of
/// Hugo's names.
fn processed_target(source_target: &str, key: &str, ext: &str) -> String {
    let (dir, base) = source_target
        .rsplit_once('/')
        .unwrap_or(("", source_target));
    let stem = base.rsplit_once('.').map_or(base, |(s, _)| s);
    format!("{dir}/{stem}_hu_{key}.{ext}")
}

/// Orientation, rotation, the action, the filters, then the background: Hugo's order.
fn run(
    img: &DynamicImage,
    orientation: u16,
    r: &Resolved,
    filters: &[Filter],
    default_bg: Rgb,
) -> DynamicImage {
    let mut img = std::borrow::Cow::Borrowed(img);
    if r.auto_orient && orientation != 1 {
        img = std::borrow::Cow::Owned(normalize(DynamicImage::ImageRgba8(
            Filter::AutoOrient.apply(img.to_rgba8(), orientation),
        )));
    }
    if r.rotate != 0 {
        img = std::borrow::Cow::Owned(rotate(&img, r.rotate));
    }
    let mut out = match r.action {
        Some(action) => geometry(&img, action, r),
        None => img.into_owned(),
    };
    if !filters.is_empty() {
        let mut rgba = out.to_rgba8();
        for f in filters {
            rgba = f.apply(rgba, orientation);
        }
        out = normalize(DynamicImage::ImageRgba8(rgba));
    }
    let bg = r
        .bg_color
        .or((!r.format.supports_transparency()).then_some(default_bg));
    match (bg, &out) {
        (Some(bg), DynamicImage::ImageRgba8(rgba)) => DynamicImage::ImageRgb8(flatten(rgba, bg)),
        _ => out,
    }
}

/// Degrees counter-clockwise; right angles exactly, others by nearest neighbour on a
/// transparent background.
fn rotate(img: &DynamicImage, degrees: i32) -> DynamicImage {
    match degrees.rem_euclid(360) {
        0 => img.clone(),
        90 => img.rotate270(),
        180 => img.rotate180(),
        270 => img.rotate90(),
        d => {
            let src = img.to_rgba8();
            let (w, h) = (src.width() as f64, src.height() as f64);
            let a = f64::from(d).to_radians();
            let (sin, cos) = a.sin_cos();
            let nw = (w * cos.abs() + h * sin.abs()).round().max(1.0) as u32;
            let nh = (w * sin.abs() + h * cos.abs()).round().max(1.0) as u32;
            let mut out = RgbaImage::new(nw, nh);
            let (cx, cy, ncx, ncy) = (w / 2.0, h / 2.0, f64::from(nw) / 2.0, f64::from(nh) / 2.0);
            for (x, y, p) in out.enumerate_pixels_mut() {
                let (dx, dy) = (f64::from(x) + 0.5 - ncx, f64::from(y) + 0.5 - ncy);
                // Counter-clockwise on screen (y down) is the inverse mapping below.
                let sx = dx * cos - dy * sin + cx;
                let sy = dx * sin + dy * cos + cy;
                if sx >= 0.0 && sy >= 0.0 && sx < w && sy < h {
                    *p = *src.get_pixel(sx as u32, sy as u32);
                }
            }
            DynamicImage::ImageRgba8(out)
        }
    }
}

fn geometry(img: &DynamicImage, action: Action, r: &Resolved) -> DynamicImage {
    let (sw, sh) = img.dimensions();
    let full = Rect {
        x: 0,
        y: 0,
        width: sw,
        height: sh,
    };
    match action {
        Action::Resize => {
            let (w, h) = match (r.width, r.height) {
                (0, h) => (scaled(sw, h, sh), h),
                (w, 0) => (w, scaled(sh, w, sw)),
                (w, h) => (w, h),
            };
            resample(img, full, w, h, r.filter)
        }
        Action::Fit => {
            if sw <= r.width && sh <= r.height {
                return img.clone();
            }
            let (wr, hr) = (
                f64::from(sw) / f64::from(r.width),
                f64::from(sh) / f64::from(r.height),
            );
            let (w, h) = if wr > hr {
                (
                    r.width,
                    ((f64::from(sh) / wr + 0.5) as u32).clamp(1, r.height),
                )
            } else {
                (
                    ((f64::from(sw) / hr + 0.5) as u32).clamp(1, r.width),
                    r.height,
                )
            };
            resample(img, full, w, h, r.filter)
        }
        Action::Fill => {
            let region = if r.anchor == Anchor::Smart {
                smart_crop(img, r.width, r.height)
            } else {
                fill_region(sw, sh, r.width, r.height, r.anchor)
            };
            resample(img, region, r.width, r.height, r.filter)
        }
        Action::Crop => {
            let (w, h) = (r.width.min(sw), r.height.min(sh));
            let anchor = if r.anchor == Anchor::Smart {
                Anchor::Center
            } else {
                r.anchor
            };
            let (x, y) = place(sw, sh, w, h, anchor);
            img.crop_imm(x, y, w, h)
        }
    }
}

/// `other * want / have`, rounded, at least 1: the free side of a one-sided resize.
fn scaled(other: u32, want: u32, have: u32) -> u32 {
    ((f64::from(other) * f64::from(want) / f64::from(have) + 0.5) as u32).max(1)
}

/// The largest region of the target's aspect ratio, placed at the anchor.
fn fill_region(sw: u32, sh: u32, w: u32, h: u32, anchor: Anchor) -> Rect {
    let (cw, ch) = if u64::from(sw) * u64::from(h) > u64::from(sh) * u64::from(w) {
        (scaled(sh, w, h).min(sw), sh)
    } else {
        (sw, scaled(sw, h, w).min(sh))
    };
    let (x, y) = place(sw, sh, cw, ch, anchor);
    Rect {
        x,
        y,
        width: cw,
        height: ch,
    }
}

fn place(sw: u32, sh: u32, w: u32, h: u32, anchor: Anchor) -> (u32, u32) {
    let (fx, fy) = anchor.fractions();
    ((sw - w) * fx / 2, (sh - h) * fy / 2)
}

/// Scales `region` of `img` to `w` x `h`.
fn resample(img: &DynamicImage, region: Rect, w: u32, h: u32, filter: Resampling) -> DynamicImage {
    let (sw, sh) = img.dimensions();
    let (pixel_type, raw): (fr::PixelType, &[u8]) = match img {
        DynamicImage::ImageRgb8(b) => (fr::PixelType::U8x3, b.as_raw()),
        DynamicImage::ImageRgba8(b) => (fr::PixelType::U8x4, b.as_raw()),
        other => return resample(&normalize(other.clone()), region, w, h, filter),
    };
    let src =
        fr::images::ImageRef::new(sw, sh, raw, pixel_type).expect("buffer matches its dimensions");
    let mut dst = fr::images::Image::new(w.max(1), h.max(1), pixel_type);
    let options = fr::ResizeOptions::new().resize_alg(filter.kernel()).crop(
        f64::from(region.x),
        f64::from(region.y),
        f64::from(region.width),
        f64::from(region.height),
    );
    fr::Resizer::new()
        .resize(&src, &mut dst, &options)
        .expect("same pixel types on both sides");
    let (dw, dh) = (dst.width(), dst.height());
    let buf = dst.into_vec();
    match pixel_type {
        fr::PixelType::U8x3 => {
            DynamicImage::ImageRgb8(RgbImage::from_raw(dw, dh, buf).expect("sized buffer"))
        }
        _ => DynamicImage::ImageRgba8(RgbaImage::from_raw(dw, dh, buf).expect("sized buffer")),
    }
}

/// Alpha composited over an opaque colour.
fn flatten(img: &RgbaImage, bg: Rgb) -> RgbImage {
    RgbImage::from_fn(img.width(), img.height(), |x, y| {
        let p = img.get_pixel(x, y);
        let a = u32::from(p[3]);
        image::Rgb(std::array::from_fn(|c| {
            ((u32::from(p[c]) * a + u32::from(bg[c]) * (255 - a) + 127) / 255) as u8
        }))
    })
}

fn encode(name: &str, img: &DynamicImage, r: &Resolved) -> Result<Vec<u8>> {
    use image::codecs::{bmp, gif, jpeg, png, tiff};
    use image::ImageEncoder;
    let mut out = Vec::new();
    let err = |e: image::ImageError| Error::image(name, e);
    match r.format {
        Format::Jpeg => {
            let rgb = match img {
                DynamicImage::ImageRgb8(b) => std::borrow::Cow::Borrowed(b),
                other => std::borrow::Cow::Owned(flatten(&other.to_rgba8(), [255, 255, 255])),
            };
            jpeg::JpegEncoder::new_with_quality(&mut out, r.quality)
                .encode_image(rgb.as_ref())
                .map_err(err)?;
        }
        Format::Png => {
            let enc = png::PngEncoder::new_with_quality(
                &mut out,
                png::CompressionType::Default,
                png::FilterType::Adaptive,
            );
            enc.write_image(
                img.as_bytes(),
                img.width(),
                img.height(),
                img.color().into(),
            )
            .map_err(err)?;
        }
        Format::Gif => {
            let mut enc = gif::GifEncoder::new_with_speed(&mut out, 10);
            enc.encode_frame(image::Frame::new(img.to_rgba8()))
                .map_err(err)?;
        }
        Format::Bmp => {
            bmp::BmpEncoder::new(&mut out)
                .write_image(
                    img.as_bytes(),
                    img.width(),
                    img.height(),
                    img.color().into(),
                )
                .map_err(err)?;
        }
        Format::Tiff => {
            tiff::TiffEncoder::new(Cursor::new(&mut out))
                .write_image(
                    img.as_bytes(),
                    img.width(),
                    img.height(),
                    img.color().into(),
                )
                .map_err(err)?;
        }
        Format::Webp => out = encode_webp(name, img, r)?,
    }
    Ok(out)
}

/// libwebp with the preset of the hint (Hugo's mapping) at the quality, or lossless.
fn encode_webp(name: &str, img: &DynamicImage, r: &Resolved) -> Result<Vec<u8>> {
    use webp::{PixelLayout, WebPConfig};
    let preset = match r.hint {
        Hint::Picture => libwebp_preset::PICTURE,
        Hint::Photo => libwebp_preset::PHOTO,
        Hint::Drawing => libwebp_preset::DRAWING,
        Hint::Icon => libwebp_preset::ICON,
        Hint::Text => libwebp_preset::TEXT,
    };
    let mut config = WebPConfig::new_with_preset(preset, f32::from(r.quality))
        .map_err(|_| Error::image(name, "libwebp refused its configuration"))?;
    if r.compression == Compression::Lossless {
        config.lossless = 1;
    }
    // One thread inside libwebp: rayon already uses every core, and the output must not
    // depend on scheduling.
    config.thread_level = 0;
    let layout = if img.color().has_alpha() {
        PixelLayout::Rgba
    } else {
        PixelLayout::Rgb
    };
    let encoder = webp::Encoder::new(img.as_bytes(), layout, img.width(), img.height());
    let mem = encoder
        .encode_advanced(&config)
        .map_err(|e| Error::image(name, format!("WebP encoding failed: {e:?}")))?;
    Ok(mem.to_vec())
}

/// libwebp's presets.
mod libwebp_preset {
    pub use libwebp_sys::WebPPreset::{
        WEBP_PRESET_DRAWING as DRAWING, WEBP_PRESET_ICON as ICON, WEBP_PRESET_PHOTO as PHOTO,
        WEBP_PRESET_PICTURE as PICTURE, WEBP_PRESET_TEXT as TEXT,
    };
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fill_regions_keep_the_target_aspect_at_the_anchor() {
        assert_eq!(
            fill_region(640, 480, 200, 300, Anchor::Center),
            Rect {
                x: 160,
                y: 0,
                width: 320,
                height: 480
            }
        );
        assert_eq!(
            fill_region(640, 480, 200, 300, Anchor::TopLeft),
            Rect {
                x: 0,
                y: 0,
                width: 320,
                height: 480
            }
        );
        assert_eq!(
            fill_region(640, 480, 200, 300, Anchor::Right),
            Rect {
                x: 320,
                y: 0,
                width: 320,
                height: 480
            }
        );
        assert_eq!(
            fill_region(640, 480, 400, 100, Anchor::Bottom),
            Rect {
                x: 0,
                y: 320,
                width: 640,
                height: 160
            }
        );
    }

    #[test]
    fn processed_names_have_hugos_shape() {
        assert_eq!(
            processed_target("/img/photo.jpg", "0123456789abcdef", "webp"),
            "/img/photo_hu_0123456789abcdef.webp"
        );
        assert_eq!(processed_target("/a.b.png", "k", "png"), "/a.b_hu_k.png");
    }
}
