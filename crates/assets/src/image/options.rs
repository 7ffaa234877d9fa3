//! Hugo's image option strings (`"600x400 webp q75 Center Lanczos r90 #ffffff photo"`) and
//! the `[imaging]` defaults they fall back on.
//!
//! Parsing is pure: [`ProcessSpec::parse`] reads what the template wrote, and
//! [`ProcessSpec::resolve`] fills the gaps from [`ImagingConfig`] and the source format into
//! a [`Resolved`] whose [`Resolved::key`] names the result in the disk cache.

use crate::error::{Error, Result};

use super::Format;

/// What to do with the pixels.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Action {
    /// Scale to the size; a missing side keeps the aspect ratio.
    Resize,
    /// Scale down, keeping the aspect ratio, to fit inside the box; never up.
    Fit,
    /// Scale and crop to exactly fill the box.
    Fill,
    /// Cut a box out at the anchor, without scaling.
    Crop,
}

impl Action {
    pub fn parse(s: &str) -> Option<Action> {
        match s.to_ascii_lowercase().as_str() {
            "resize" => Some(Action::Resize),
            "fit" => Some(Action::Fit),
            "fill" => Some(Action::Fill),
            "crop" => Some(Action::Crop),
            _ => None,
        }
    }

    fn name(self) -> &'static str {
        match self {
            Action::Resize => "resize",
            Action::Fit => "fit",
            Action::Fill => "fill",
            Action::Crop => "crop",
        }
    }
}

/// Where `Fill` and `Crop` keep the picture; `Smart` finds the interesting part.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Anchor {
    TopLeft,
    Top,
    TopRight,
    Left,
    Center,
    Right,
    BottomLeft,
    Bottom,
    BottomRight,
    Smart,
}

impl Anchor {
    pub fn parse(s: &str) -> Option<Anchor> {
        Some(match s.to_ascii_lowercase().as_str() {
            "topleft" => Anchor::TopLeft,
            "top" => Anchor::Top,
            "topright" => Anchor::TopRight,
            "left" => Anchor::Left,
            "center" => Anchor::Center,
            "right" => Anchor::Right,
            "bottomleft" => Anchor::BottomLeft,
            "bottom" => Anchor::Bottom,
            "bottomright" => Anchor::BottomRight,
            "smart" => Anchor::Smart,
            _ => return None,
        })
    }

    /// The fraction of the spare room left of and above the box (0, 0.5 or 1).
    pub(crate) fn fractions(self) -> (u32, u32) {
        // In halves, so integer arithmetic matches gift's `(src - dst) / 2`.
        match self {
            Anchor::TopLeft => (0, 0),
            Anchor::Top => (1, 0),
            Anchor::TopRight => (2, 0),
            Anchor::Left => (0, 1),
            Anchor::Center | Anchor::Smart => (1, 1),
            Anchor::Right => (2, 1),
            Anchor::BottomLeft => (0, 2),
            Anchor::Bottom => (1, 2),
            Anchor::BottomRight => (2, 2),
        }
    }
}

/// Hugo's resampling filters. `fast_image_resize` implements seven kernels; the others map
/// to the nearest of them (see [`Resampling::kernel`]).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Resampling {
    NearestNeighbor,
    Box,
    Linear,
    Hermite,
    MitchellNetravali,
    CatmullRom,
    BSpline,
    Gaussian,
    Lanczos,
    Hann,
    Hamming,
    Blackman,
    Bartlett,
    Welch,
    Cosine,
}

impl Resampling {
    pub fn parse(s: &str) -> Option<Resampling> {
        use Resampling::*;
        Some(match s.to_ascii_lowercase().as_str() {
            "nearestneighbor" => NearestNeighbor,
            "box" => Box,
            "linear" => Linear,
            "hermite" => Hermite,
            "mitchellnetravali" => MitchellNetravali,
            "catmullrom" => CatmullRom,
            "bspline" => BSpline,
            "gaussian" => Gaussian,
            "lanczos" => Lanczos,
            "hann" => Hann,
            "hamming" => Hamming,
            "blackman" => Blackman,
            "bartlett" => Bartlett,
            "welch" => Welch,
            "cosine" => Cosine,
            _ => return None,
        })
    }

    /// The kernel that does the work. Hermite and B-spline are smooth cubics without
    /// overshoot, closest to the Gaussian and Mitchell kernels; the windowed sincs (Hann,
    /// Blackman, Welch, Cosine, Bartlett) are Lanczos's relatives, Hamming has its own.
    pub(crate) fn kernel(self) -> fast_image_resize::ResizeAlg {
        use fast_image_resize::{FilterType as F, ResizeAlg};
        use Resampling::*;
        match self {
            NearestNeighbor => ResizeAlg::Nearest,
            Box => ResizeAlg::Convolution(F::Box),
            Linear | Bartlett => ResizeAlg::Convolution(F::Bilinear),
            Hermite | MitchellNetravali => ResizeAlg::Convolution(F::Mitchell),
            CatmullRom => ResizeAlg::Convolution(F::CatmullRom),
            BSpline | Gaussian => ResizeAlg::Convolution(F::Gaussian),
            Hamming => ResizeAlg::Convolution(F::Hamming),
            Lanczos | Hann | Blackman | Welch | Cosine => ResizeAlg::Convolution(F::Lanczos3),
        }
    }
}

/// A WebP encoding hint (libwebp's presets).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Hint {
    Picture,
    Photo,
    Drawing,
    Icon,
    Text,
}

impl Hint {
    pub fn parse(s: &str) -> Option<Hint> {
        Some(match s.to_ascii_lowercase().as_str() {
            "picture" => Hint::Picture,
            "photo" => Hint::Photo,
            "drawing" => Hint::Drawing,
            "icon" => Hint::Icon,
            "text" => Hint::Text,
            _ => return None,
        })
    }
}

/// WebP's compression: lossy with a quality, or lossless.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Compression {
    Lossy,
    Lossless,
}

/// An RGB colour, from `#fff` or `ffffff`.
pub type Rgb = [u8; 3];

/// `#abc`, `abc`, `#aabbcc` or `aabbcc`.
pub fn parse_color(s: &str) -> Option<Rgb> {
    let hex = s.trim_start_matches('#');
    let digit = |i: usize| u8::from_str_radix(hex.get(i..i + 1)?, 16).ok();
    match hex.len() {
        3 => Some([digit(0)? * 17, digit(1)? * 17, digit(2)? * 17]),
        6 => {
            let byte = |i: usize| u8::from_str_radix(hex.get(i..i + 2)?, 16).ok();
            Some([byte(0)?, byte(2)?, byte(4)?])
        }
        _ => None,
    }
}

/// `[imaging.exif]`.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct ExifConfig {
    /// A regular expression of tag names to keep; everything when empty and no exclude.
    pub include_fields: String,
    /// A regular expression of tag names to drop; Hugo's default list when both are empty.
    pub exclude_fields: String,
    pub disable_date: bool,
    pub disable_lat_long: bool,
}

/// `[imaging]`: the defaults of every operation, and this crate's limits.
#[derive(Clone, Debug, PartialEq)]
pub struct ImagingConfig {
    /// JPEG and lossy WebP quality, 1 to 100; 75.
    pub quality: u8,
    pub resample_filter: Resampling,
    /// `Fill`'s anchor; `Smart` by default, as in Hugo.
    pub anchor: Anchor,
    /// What transparent pixels become in a format without alpha; white.
    pub bg_color: Rgb,
    pub hint: Hint,
    pub compression: Compression,
    pub exif: ExifConfig,
    /// Turn the pixels upright per EXIF `Orientation` before any operation. Hugo does not
    /// (its `images.AutoOrient` filter does), so this is off unless the site asks.
    pub auto_orient: bool,
    /// The largest image (width x height) decoded; a larger one is an error before any
    /// pixel is allocated.
    pub max_pixels: u64,
}

impl Default for ImagingConfig {
    fn default() -> Self {
        ImagingConfig {
            quality: 75,
            resample_filter: Resampling::Box,
            anchor: Anchor::Smart,
            bg_color: [255, 255, 255],
            hint: Hint::Photo,
            compression: Compression::Lossy,
            exif: ExifConfig::default(),
            auto_orient: false,
            // 50 megapixels: 200 MB as RGBA, a 8660x5773 photo; more than any camera a blog
            // gets pictures from, and bounded per thread.
            max_pixels: 50_000_000,
        }
    }
}

impl ImagingConfig {
    /// Reads one `[imaging]` key as Hugo names it (`quality`, `resampleFilter`, `anchor`,
    /// `bgColor`, `hint`, `compression`); an unknown key is ignored, a bad value an error.
    pub fn set(&mut self, key: &str, value: &str) -> Result<()> {
        let bad = || Error::ImageOptions {
            spec: format!("{key} = {value}"),
            message: "invalid [imaging] value".to_string(),
        };
        match key.to_ascii_lowercase().as_str() {
            "quality" => {
                let q: u8 = value.parse().map_err(|_| bad())?;
                if !(1..=100).contains(&q) {
                    return Err(bad());
                }
                self.quality = q;
            }
            "resamplefilter" => self.resample_filter = Resampling::parse(value).ok_or_else(bad)?,
            "anchor" => self.anchor = Anchor::parse(value).ok_or_else(bad)?,
            "bgcolor" => self.bg_color = parse_color(value).ok_or_else(bad)?,
            "hint" => self.hint = Hint::parse(value).ok_or_else(bad)?,
            "compression" => {
                self.compression = match value.to_ascii_lowercase().as_str() {
                    "lossy" => Compression::Lossy,
                    "lossless" => Compression::Lossless,
                    _ => return Err(bad()),
                }
            }
            _ => {}
        }
        Ok(())
    }
}

/// What a template asked for, before defaults.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct ProcessSpec {
    pub action: Option<Action>,
    pub width: u32,
    pub height: u32,
    pub format: Option<Format>,
    pub quality: Option<u8>,
    pub anchor: Option<Anchor>,
    pub filter: Option<Resampling>,
    /// Degrees counter-clockwise, applied before everything else.
    pub rotate: i32,
    pub bg_color: Option<Rgb>,
    pub hint: Option<Hint>,
    pub compression: Option<Compression>,
}

impl ProcessSpec {
    /// Parses an option string. `action` is the method called (`Resize`, …) or `None` for
    /// `Process`, whose string may name the action itself. Words are case-insensitive and
    /// may come in any order, as in Hugo.
    pub fn parse(action: Option<Action>, spec: &str) -> Result<ProcessSpec> {
        let err = |message: &str| Error::ImageOptions {
            spec: spec.to_string(),
            message: message.to_string(),
        };
        let mut s = ProcessSpec {
            action,
            ..Default::default()
        };
        for word in spec.split_whitespace() {
            let part = word.to_ascii_lowercase();
            if let Some(a) = Action::parse(&part) {
                s.action = Some(a);
            } else if let Some(a) = Anchor::parse(&part) {
                s.anchor = Some(a);
            } else if let Some(f) = Resampling::parse(&part) {
                s.filter = Some(f);
            } else if let Some(h) = Hint::parse(&part) {
                s.hint = Some(h);
            } else if part == "lossy" || part == "lossless" {
                s.compression = Some(if part == "lossy" {
                    Compression::Lossy
                } else {
                    Compression::Lossless
                });
            } else if let Some(f) = Format::from_extension(&part) {
                s.format = Some(f);
            } else if let Some(hex) = part.strip_prefix('#') {
                s.bg_color =
                    Some(parse_color(hex).ok_or_else(|| err("invalid background colour"))?);
            } else if let Some(q) = part
                .strip_prefix('q')
                .filter(|q| q.bytes().all(|b| b.is_ascii_digit()))
            {
                let q: u32 = q.parse().map_err(|_| err("invalid quality"))?;
                if !(1..=100).contains(&q) {
                    return Err(err("quality ranges from 1 to 100 inclusive"));
                }
                s.quality = Some(q as u8);
            } else if let Some(r) = part.strip_prefix('r').filter(|r| r.parse::<i32>().is_ok()) {
                s.rotate = r.parse().map_err(|_| err("invalid rotation"))?;
            } else if part.contains('x') {
                let (w, h) = part.split_once('x').unwrap_or((&part, ""));
                if h.contains('x') {
                    return Err(err("invalid image dimensions"));
                }
                let num = |t: &str| {
                    if t.is_empty() {
                        Ok(0)
                    } else {
                        t.parse::<u32>()
                            .map_err(|_| err("invalid image dimensions"))
                    }
                };
                s.width = num(w)?;
                s.height = num(h)?;
            } else {
                return Err(err(&format!("unknown option {word:?}")));
            }
        }
        match s.action {
            Some(Action::Crop | Action::Fill | Action::Fit) if s.width == 0 || s.height == 0 => {
                Err(err("must provide Width and Height"))
            }
            Some(Action::Resize) if s.width == 0 && s.height == 0 => {
                Err(err("must provide Width or Height"))
            }
            None if s.width != 0 || s.height != 0 => {
                Err(err("width or height are not supported without an action"))
            }
            _ => Ok(s),
        }
    }

    /// Fills what the spec left out from the defaults and the source format, as Hugo does.
    pub fn resolve(&self, config: &ImagingConfig, source: Format) -> Resolved {
        let format = self.format.unwrap_or(source);
        let bg_color = match self.bg_color {
            Some(c) => Some(c),
            None if source.supports_transparency() && !format.supports_transparency() => {
                Some(config.bg_color)
            }
            None => None,
        };
        Resolved {
            action: self.action,
            width: self.width,
            height: self.height,
            format,
            quality: self.quality.unwrap_or(config.quality),
            anchor: self.anchor.unwrap_or(config.anchor),
            filter: self.filter.unwrap_or(config.resample_filter),
            rotate: self.rotate.rem_euclid(360),
            bg_color,
            hint: self.hint.unwrap_or(config.hint),
            compression: self.compression.unwrap_or(config.compression),
            auto_orient: config.auto_orient,
        }
    }
}

/// A spec with every choice made: what runs and what it is cached under.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct Resolved {
    pub action: Option<Action>,
    pub width: u32,
    pub height: u32,
    pub format: Format,
    pub quality: u8,
    pub anchor: Anchor,
    pub filter: Resampling,
    pub rotate: i32,
    pub bg_color: Option<Rgb>,
    pub hint: Hint,
    pub compression: Compression,
    pub auto_orient: bool,
}

impl Resolved {
    /// A canonical text of everything that changes the output bytes; equal specs written
    /// differently (`"Fill 10x10 center"`, `"10x10 CENTER fill"`) give the same key.
    pub fn key(&self) -> String {
        let mut k = format!("{}x{}", self.width, self.height);
        if let Some(a) = self.action {
            k += &format!("_{}_{:?}", a.name(), self.filter);
            if matches!(a, Action::Fill | Action::Crop) {
                k += &format!("_{:?}", self.anchor);
            }
        }
        k += &format!("_{}", self.format.extension());
        if self.format.has_quality() {
            k += &format!("_q{}", self.quality);
        }
        if self.format == Format::Webp {
            k += &format!("_{:?}_{:?}", self.hint, self.compression);
        }
        if self.rotate != 0 {
            k += &format!("_r{}", self.rotate);
        }
        if let Some([r, g, b]) = self.bg_color {
            k += &format!("_bg{r:02x}{g:02x}{b:02x}");
        }
        if self.auto_orient {
            k += "_orient";
        }
        k
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_grammar_reads_every_kind_of_word() {
        let s = ProcessSpec::parse(
            None,
            "600x400 WEBP q75 Center Lanczos r90 #ffffff picture fill lossless",
        )
        .unwrap();
        assert_eq!(
            s,
            ProcessSpec {
                action: Some(Action::Fill),
                width: 600,
                height: 400,
                format: Some(Format::Webp),
                quality: Some(75),
                anchor: Some(Anchor::Center),
                filter: Some(Resampling::Lanczos),
                rotate: 90,
                bg_color: Some([255, 255, 255]),
                hint: Some(Hint::Picture),
                compression: Some(Compression::Lossless),
            }
        );
        let s = ProcessSpec::parse(Some(Action::Resize), "x100 jpeg").unwrap();
        assert_eq!((s.width, s.height, s.format), (0, 100, Some(Format::Jpeg)));
        assert_eq!(
            ProcessSpec::parse(None, "webp").unwrap().format,
            Some(Format::Webp)
        );
    }

    #[test]
    fn bad_specs_are_errors() {
        let cases: [(Option<Action>, &str); 7] = [
            (Some(Action::Resize), "q0 300x"),
            (Some(Action::Resize), "q101 300x"),
            (Some(Action::Fill), "300x"),
            (Some(Action::Resize), "webp"),
            (Some(Action::Resize), "1x2x3"),
            (None, "300x200"),
            (Some(Action::Resize), "300x #ggg"),
        ];
        for (action, spec) in cases {
            assert!(
                matches!(
                    ProcessSpec::parse(action, spec),
                    Err(Error::ImageOptions { .. })
                ),
                "{spec}"
            );
        }
    }

    #[test]
    fn resolution_fills_defaults_like_hugo() {
        let config = ImagingConfig::default();
        let s = ProcessSpec::parse(Some(Action::Resize), "300x jpg").unwrap();
        let r = s.resolve(&config, Format::Png);
        assert_eq!(
            r.bg_color,
            Some([255, 255, 255]),
            "PNG to JPEG flattens on the default colour"
        );
        assert_eq!(r.quality, 75);
        assert_eq!(r.filter, Resampling::Box);
        let r = ProcessSpec::parse(Some(Action::Resize), "300x")
            .unwrap()
            .resolve(&config, Format::Png);
        assert_eq!(r.bg_color, None);
        let a = ProcessSpec::parse(None, "Fill 10x10 center")
            .unwrap()
            .resolve(&config, Format::Jpeg);
        let b = ProcessSpec::parse(None, "10x10 CENTER fill")
            .unwrap()
            .resolve(&config, Format::Jpeg);
        assert_eq!(a.key(), b.key());
        assert_ne!(
            a.key(),
            ProcessSpec::parse(None, "fill 10x10 q80")
                .unwrap()
                .resolve(&config, Format::Jpeg)
                .key()
        );
    }

    #[test]
    fn imaging_config_reads_hugo_keys() {
        let mut c = ImagingConfig::default();
        c.set("resampleFilter", "Lanczos").unwrap();
        c.set("bgColor", "#000").unwrap();
        c.set("quality", "90").unwrap();
        assert_eq!(
            (c.resample_filter, c.bg_color, c.quality),
            (Resampling::Lanczos, [0, 0, 0], 90)
        );
        assert!(c.set("quality", "0").is_err());
        assert!(c.set("anchor", "middle").is_err());
    }
}
