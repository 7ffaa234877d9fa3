//! `images.Filter` and its filters, on RGBA pixels, following the definitions of the `gift`
//! library Hugo uses (percentages, ranges and colour formulas), not its code.

use image::{Rgba, RgbaImage};

/// One filter, with Hugo's arguments.
#[derive(Clone, Debug, PartialEq)]
pub enum Filter {
    Grayscale,
    Invert,
    /// -100 to 100.
    Brightness(f32),
    /// -100 to 100.
    Contrast(f32),
    /// -100 to 500.
    Saturation(f32),
    /// Above 0; 1 leaves the image alone.
    Gamma(f32),
    /// 0 to 100.
    Sepia(f32),
    /// Sigma.
    GaussianBlur(f32),
    /// Sigma, amount, threshold.
    UnsharpMask(f32, f32, f32),
    /// Block size in pixels.
    Pixelate(u32),
    /// Hue (degrees), saturation (0 to 100), percentage (0 to 100).
    Colorize(f32, f32, f32),
    /// Hue shift in degrees, -180 to 180.
    Hue(f32),
    /// Per-channel percentages, -100 to 500.
    ColorBalance(f32, f32, f32),
    /// `images.AutoOrient`: turn the pixels upright per the source's EXIF orientation.
    AutoOrient,
}

impl Filter {
    /// A stable text for cache keys.
    pub fn key(&self) -> String {
        format!("{self:?}")
    }

    /// Applies the filter, returning the new image (its size changes only for `AutoOrient`,
    /// which reads `orientation`, the source's EXIF value, 1 to 8).
    pub fn apply(&self, img: RgbaImage, orientation: u16) -> RgbaImage {
        match *self {
            Filter::Grayscale => map_pixels(img, |[r, g, b]| {
                let y = 0.299 * r + 0.587 * g + 0.114 * b;
                [y, y, y]
            }),
            Filter::Invert => map_pixels(img, |[r, g, b]| [1.0 - r, 1.0 - g, 1.0 - b]),
            Filter::Brightness(p) => {
                let d = p.clamp(-100.0, 100.0) / 100.0;
                map_channels(img, |v| v + d)
            }
            Filter::Contrast(p) => {
                let p = 1.0 + p.clamp(-100.0, 100.0) / 100.0;
                map_channels(img, move |v| {
                    if p <= 1.0 {
                        0.5 + (v - 0.5) * p
                    } else if p < 2.0 {
                        0.5 + (v - 0.5) / (2.0 - p)
                    } else if v < 0.5 {
                        0.0
                    } else {
                        1.0
                    }
                })
            }
            Filter::Gamma(g) => {
                let e = if g > 0.0 { 1.0 / g } else { 1.0 };
                map_channels(img, move |v| v.powf(e))
            }
            Filter::Saturation(p) => {
                let m = 1.0 + p.clamp(-100.0, 500.0) / 100.0;
                map_pixels(img, move |rgb| {
                    let (h, s, l) = rgb_to_hsl(rgb);
                    hsl_to_rgb(h, (s * m).clamp(0.0, 1.0), l)
                })
            }
            Filter::Hue(shift) => {
                let d = shift.clamp(-180.0, 180.0) / 360.0;
                map_pixels(img, move |rgb| {
                    let (h, s, l) = rgb_to_hsl(rgb);
                    hsl_to_rgb((h + d).rem_euclid(1.0), s, l)
                })
            }
            Filter::Sepia(p) => {
                let t = p.clamp(0.0, 100.0) / 100.0;
                map_pixels(img, move |[r, g, b]| {
                    let sr = 0.393 * r + 0.769 * g + 0.189 * b;
                    let sg = 0.349 * r + 0.686 * g + 0.168 * b;
                    let sb = 0.272 * r + 0.534 * g + 0.131 * b;
                    [r + (sr - r) * t, g + (sg - g) * t, b + (sb - b) * t]
                })
            }
            Filter::Colorize(hue, sat, p) => {
                let (h, s, t) = (
                    hue.rem_euclid(360.0) / 360.0,
                    sat.clamp(0.0, 100.0) / 100.0,
                    p.clamp(0.0, 100.0) / 100.0,
                );
                map_pixels(img, move |rgb| {
                    let (_, _, l) = rgb_to_hsl(rgb);
                    let c = hsl_to_rgb(h, s, l);
                    [
                        rgb[0] + (c[0] - rgb[0]) * t,
                        rgb[1] + (c[1] - rgb[1]) * t,
                        rgb[2] + (c[2] - rgb[2]) * t,
                    ]
                })
            }
            Filter::ColorBalance(pr, pg, pb) => {
                let m = [pr, pg, pb].map(|p| 1.0 + p.clamp(-100.0, 500.0) / 100.0);
                map_pixels(img, move |[r, g, b]| [r * m[0], g * m[1], b * m[2]])
            }
            Filter::GaussianBlur(sigma) => gaussian_blur(&img, sigma),
            Filter::UnsharpMask(sigma, amount, threshold) => unsharp(img, sigma, amount, threshold),
            Filter::Pixelate(size) => pixelate(img, size.max(1)),
            Filter::AutoOrient => orient(img, orientation),
        }
    }
}

fn map_pixels(mut img: RgbaImage, f: impl Fn([f32; 3]) -> [f32; 3]) -> RgbaImage {
    for p in img.pixels_mut() {
        let rgb = [p[0], p[1], p[2]].map(|c| f32::from(c) / 255.0);
        let out = f(rgb);
        for i in 0..3 {
            p[i] = to_u8(out[i]);
        }
    }
    img
}

/// A per-channel function, computed once per byte value.
fn map_channels(mut img: RgbaImage, f: impl Fn(f32) -> f32) -> RgbaImage {
    let lut: Vec<u8> = (0..=255u8)
        .map(|v| to_u8(f(f32::from(v) / 255.0)))
        .collect();
    for p in img.pixels_mut() {
        for i in 0..3 {
            p[i] = lut[p[i] as usize];
        }
    }
    img
}

fn to_u8(v: f32) -> u8 {
    (v.clamp(0.0, 1.0) * 255.0 + 0.5) as u8
}

fn rgb_to_hsl([r, g, b]: [f32; 3]) -> (f32, f32, f32) {
    let max = r.max(g).max(b);
    let min = r.min(g).min(b);
    let l = (max + min) / 2.0;
    if max == min {
        return (0.0, 0.0, l);
    }
    let d = max - min;
    let s = if l > 0.5 {
        d / (2.0 - max - min)
    } else {
        d / (max + min)
    };
    let h = if max == r {
        (g - b) / d + if g < b { 6.0 } else { 0.0 }
    } else if max == g {
        (b - r) / d + 2.0
    } else {
        (r - g) / d + 4.0
    };
    (h / 6.0, s, l)
}

fn hsl_to_rgb(h: f32, s: f32, l: f32) -> [f32; 3] {
    if s == 0.0 {
        return [l, l, l];
    }
    let q = if l < 0.5 {
        l * (1.0 + s)
    } else {
        l + s - l * s
    };
    let p = 2.0 * l - q;
    let hue = |mut t: f32| {
        t = t.rem_euclid(1.0);
        if t < 1.0 / 6.0 {
            p + (q - p) * 6.0 * t
        } else if t < 0.5 {
            q
        } else if t < 2.0 / 3.0 {
            p + (q - p) * (2.0 / 3.0 - t) * 6.0
        } else {
            p
        }
    };
    [hue(h + 1.0 / 3.0), hue(h), hue(h - 1.0 / 3.0)]
}

/// A separable Gaussian blur, edges clamped, alpha blurred with the colours.
pub(crate) fn gaussian_blur(img: &RgbaImage, sigma: f32) -> RgbaImage {
    if sigma <= 0.0 {
        return img.clone();
    }
    let radius = (sigma * 3.0).ceil() as i64;
    let kernel: Vec<f32> = (-radius..=radius)
        .map(|i| (-(i * i) as f32 / (2.0 * sigma * sigma)).exp())
        .collect();
    let sum: f32 = kernel.iter().sum();
    let kernel: Vec<f32> = kernel.iter().map(|k| k / sum).collect();
    let (w, h) = img.dimensions();
    let pass = |src: &RgbaImage, horizontal: bool| {
        let mut out = RgbaImage::new(w, h);
        for y in 0..h {
            for x in 0..w {
                let mut acc = [0f32; 4];
                for (k, weight) in kernel.iter().enumerate() {
                    let d = k as i64 - radius;
                    let (sx, sy) = if horizontal {
                        ((x as i64 + d).clamp(0, w as i64 - 1) as u32, y)
                    } else {
                        (x, (y as i64 + d).clamp(0, h as i64 - 1) as u32)
                    };
                    let p = src.get_pixel(sx, sy);
                    for c in 0..4 {
                        acc[c] += f32::from(p[c]) * weight;
                    }
                }
                out.put_pixel(x, y, Rgba(acc.map(|v| (v + 0.5).clamp(0.0, 255.0) as u8)));
            }
        }
        out
    };
    pass(&pass(img, true), false)
}

fn unsharp(img: RgbaImage, sigma: f32, amount: f32, threshold: f32) -> RgbaImage {
    let blurred = gaussian_blur(&img, sigma);
    let mut out = img;
    for (p, b) in out.pixels_mut().zip(blurred.pixels()) {
        for c in 0..3 {
            let v = f32::from(p[c]) / 255.0;
            let diff = v - f32::from(b[c]) / 255.0;
            if diff.abs() > threshold {
                p[c] = to_u8(v + diff * amount);
            }
        }
    }
    out
}

fn pixelate(mut img: RgbaImage, size: u32) -> RgbaImage {
    let (w, h) = img.dimensions();
    for by in (0..h).step_by(size as usize) {
        for bx in (0..w).step_by(size as usize) {
            let (ex, ey) = ((bx + size).min(w), (by + size).min(h));
            let mut acc = [0u64; 4];
            for y in by..ey {
                for x in bx..ex {
                    let p = img.get_pixel(x, y);
                    for c in 0..4 {
                        acc[c] += u64::from(p[c]);
                    }
                }
            }
            let n = u64::from((ex - bx) * (ey - by));
            let avg = Rgba(acc.map(|v| ((v + n / 2) / n) as u8));
            for y in by..ey {
                for x in bx..ex {
                    img.put_pixel(x, y, avg);
                }
            }
        }
    }
    img
}

/// EXIF orientations 2 to 8 undone: mirrored and rotated back to upright.
pub(crate) fn orient(img: RgbaImage, orientation: u16) -> RgbaImage {
    use image::imageops::{flip_horizontal, flip_vertical, rotate180, rotate270, rotate90};
    match orientation {
        2 => flip_horizontal(&img),
        3 => rotate180(&img),
        4 => flip_vertical(&img),
        5 => flip_horizontal(&rotate90(&img)),
        6 => rotate90(&img),
        7 => flip_horizontal(&rotate270(&img)),
        8 => rotate270(&img),
        _ => img,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn one(r: u8, g: u8, b: u8) -> RgbaImage {
        RgbaImage::from_pixel(1, 1, Rgba([r, g, b, 255]))
    }

    fn px(f: Filter, img: RgbaImage) -> [u8; 4] {
        f.apply(img, 1).get_pixel(0, 0).0
    }

    #[test]
    fn colour_filters_follow_their_formulas() {
        assert_eq!(px(Filter::Grayscale, one(255, 0, 0)), [76, 76, 76, 255]);
        assert_eq!(px(Filter::Invert, one(10, 20, 30)), [245, 235, 225, 255]);
        assert_eq!(
            px(Filter::Brightness(20.0), one(100, 0, 250)),
            [151, 51, 255, 255]
        );
        assert_eq!(
            px(Filter::Contrast(-100.0), one(0, 255, 10)),
            [128, 128, 128, 255]
        );
        assert_eq!(
            px(Filter::Saturation(-100.0), one(200, 100, 0)),
            [100, 100, 100, 255]
        );
        assert_eq!(px(Filter::Gamma(1.0), one(1, 2, 3)), [1, 2, 3, 255]);
        assert_eq!(
            px(Filter::Sepia(100.0), one(100, 100, 100)),
            [135, 120, 94, 255]
        );
        assert_eq!(px(Filter::Hue(180.0), one(255, 0, 0)), [0, 255, 255, 255]);
    }

    #[test]
    fn blur_and_pixelate_average_neighbours() {
        let mut img = RgbaImage::from_pixel(9, 1, Rgba([0, 0, 0, 255]));
        img.put_pixel(4, 0, Rgba([255, 255, 255, 255]));
        let blurred = Filter::GaussianBlur(1.0).apply(img.clone(), 1);
        assert!(blurred.get_pixel(4, 0)[0] < 255 && blurred.get_pixel(3, 0)[0] > 0);
        let p = Filter::Pixelate(3).apply(img, 1);
        assert_eq!(p.get_pixel(3, 0)[0], 85);
        assert_eq!(p.get_pixel(5, 0)[0], 85);
    }

    #[test]
    fn orientation_six_turns_the_picture_clockwise() {
        let mut img = RgbaImage::new(2, 1);
        img.put_pixel(0, 0, Rgba([255, 0, 0, 255]));
        let out = Filter::AutoOrient.apply(img, 6);
        assert_eq!(out.dimensions(), (1, 2));
        assert_eq!(out.get_pixel(0, 0)[0], 255);
    }
}
