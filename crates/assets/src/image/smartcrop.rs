//! Smart crop for `Fill … Smart`: the crop of the wanted aspect ratio that holds the most
//! "interesting" pixels, after the published smartcrop method Hugo uses (edges, skin tones
//! and saturation, weighted towards the centre of the crop and by the rule of thirds).
//!
//! The analysis runs on a copy scaled to at most 256 pixels a side and samples every fourth
//! pixel, so it costs the same on any source size.

use image::{imageops, DynamicImage, GenericImageView, RgbaImage};

/// A rectangle in source pixels.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Rect {
    pub x: u32,
    pub y: u32,
    pub width: u32,
    pub height: u32,
}

const WORK_SIZE: u32 = 256;
const SAMPLE_STEP: usize = 4;
const EDGE_RADIUS: f32 = 0.4;
const EDGE_WEIGHT: f32 = -20.0;
const OUTSIDE_IMPORTANCE: f32 = -0.5;
const SKIN_COLOR: [f32; 3] = [0.78, 0.57, 0.44];
const SKIN_WEIGHT: f32 = 1.8;
const DETAIL_WEIGHT: f32 = 0.2;
const SATURATION_WEIGHT: f32 = 0.3;

/// The best crop of `img` with the aspect ratio `width`:`height`, in `img`'s pixels.
pub fn smart_crop(img: &DynamicImage, width: u32, height: u32) -> Rect {
    let (sw, sh) = img.dimensions();
    let scale = (WORK_SIZE as f32 / sw.max(sh) as f32).min(1.0);
    let small = if scale < 1.0 {
        imageops::thumbnail(
            img,
            ((sw as f32 * scale).round() as u32).max(1),
            ((sh as f32 * scale).round() as u32).max(1),
        )
    } else {
        img.to_rgba8()
    };
    let features = Features::of(&small);
    let (w, h) = small.dimensions();
    let aspect = width as f32 / height.max(1) as f32;
    let (base_w, base_h) = if w as f32 / h as f32 > aspect {
        ((h as f32 * aspect).round().max(1.0) as u32, h)
    } else {
        (w, (w as f32 / aspect).round().max(1.0) as u32)
    };
    let mut best: Option<(f32, Rect)> = None;
    for scale_step in [1.0f32, 0.9, 0.8] {
        let cw = ((base_w as f32 * scale_step) as u32).max(1);
        let ch = ((base_h as f32 * scale_step) as u32).max(1);
        let step = ((w.min(h) / 32).max(1)) as usize;
        for y in (0..=h - ch).step_by(step) {
            for x in (0..=w - cw).step_by(step) {
                let crop = Rect {
                    x,
                    y,
                    width: cw,
                    height: ch,
                };
                let score = features.score(&crop);
                // Ties go to the first crop seen, so the result is stable.
                if best.is_none_or(|(s, _)| score > s) {
                    best = Some((score, crop));
                }
            }
        }
    }
    let crop = best.map_or(
        Rect {
            x: 0,
            y: 0,
            width: w,
            height: h,
        },
        |(_, c)| c,
    );
    to_source(crop, scale, sw, sh, aspect)
}

/// Maps a crop on the small copy back to the source, keeping the exact aspect ratio.
fn to_source(c: Rect, scale: f32, sw: u32, sh: u32, aspect: f32) -> Rect {
    let x = ((c.x as f32 / scale) as u32).min(sw - 1);
    let y = ((c.y as f32 / scale) as u32).min(sh - 1);
    let mut width = ((c.width as f32 / scale).round() as u32).clamp(1, sw - x);
    let mut height = ((width as f32 / aspect).round() as u32).clamp(1, sh - y);
    width = width.min(((height as f32 * aspect).round() as u32).max(1));
    height = height.max(1);
    Rect {
        x,
        y,
        width,
        height,
    }
}

/// Per-pixel detail, skin and saturation of the small copy.
struct Features {
    width: usize,
    height: usize,
    detail: Vec<f32>,
    skin: Vec<f32>,
    saturation: Vec<f32>,
}

impl Features {
    fn of(img: &RgbaImage) -> Features {
        let (w, h) = (img.width() as usize, img.height() as usize);
        let rgb: Vec<[f32; 3]> = img
            .pixels()
            .map(|p| [p[0], p[1], p[2]].map(|c| f32::from(c) / 255.0))
            .collect();
        let lum: Vec<f32> = rgb
            .iter()
            .map(|[r, g, b]| 0.2126 * r + 0.7152 * g + 0.0722 * b)
            .collect();
        let mut detail = vec![0.0; w * h];
        let mut skin = vec![0.0; w * h];
        let mut saturation = vec![0.0; w * h];
        for y in 0..h {
            for x in 0..w {
                let i = y * w + x;
                let at = |dx: isize, dy: isize| {
                    let xx = (x as isize + dx).clamp(0, w as isize - 1) as usize;
                    let yy = (y as isize + dy).clamp(0, h as isize - 1) as usize;
                    lum[yy * w + xx]
                };
                detail[i] = (4.0 * lum[i] - at(-1, 0) - at(1, 0) - at(0, -1) - at(0, 1)).abs();
                let [r, g, b] = rgb[i];
                let mag = (r * r + g * g + b * b).sqrt().max(1e-6);
                let d = ((r / mag - SKIN_COLOR[0]).powi(2)
                    + (g / mag - SKIN_COLOR[1]).powi(2)
                    + (b / mag - SKIN_COLOR[2]).powi(2))
                .sqrt();
                let l = lum[i];
                if (0.2..=1.0).contains(&l) && d < 0.3 {
                    skin[i] = (0.3 - d) / 0.3 * ((l - 0.2) / 0.8);
                }
                let (max, min) = (r.max(g).max(b), r.min(g).min(b));
                let light = (max + min) / 2.0;
                let sat = if max == min {
                    0.0
                } else if light > 0.5 {
                    (max - min) / (2.0 - max - min)
                } else {
                    (max - min) / (max + min)
                };
                if (0.05..=0.9).contains(&l) && sat > 0.4 {
                    saturation[i] = (sat - 0.4) / 0.6 * ((l - 0.05) / 0.85);
                }
            }
        }
        Features {
            width: w,
            height: h,
            detail,
            skin,
            saturation,
        }
    }

    fn score(&self, crop: &Rect) -> f32 {
        let mut total = 0.0;
        for y in (0..self.height).step_by(SAMPLE_STEP) {
            for x in (0..self.width).step_by(SAMPLE_STEP) {
                let i = y * self.width + x;
                let imp = importance(crop, x as f32, y as f32);
                let d = self.detail[i];
                total += d * DETAIL_WEIGHT * imp
                    + self.skin[i] * SKIN_WEIGHT * (d + 0.1) * imp
                    + self.saturation[i] * SATURATION_WEIGHT * (d + 0.1) * imp;
            }
        }
        total / (crop.width * crop.height) as f32
    }
}

/// How much a pixel counts for a crop: most at its centre and on the thirds, less near its
/// edges, negative outside it.
fn importance(c: &Rect, x: f32, y: f32) -> f32 {
    let (cx, cy, cw, ch) = (c.x as f32, c.y as f32, c.width as f32, c.height as f32);
    if x < cx || x >= cx + cw || y < cy || y >= cy + ch {
        return OUTSIDE_IMPORTANCE;
    }
    let px = ((x - cx) / cw - 0.5).abs() * 2.0;
    let py = ((y - cy) / ch - 0.5).abs() * 2.0;
    let dx = (px - 1.0 + EDGE_RADIUS).max(0.0);
    let dy = (py - 1.0 + EDGE_RADIUS).max(0.0);
    let d = (dx * dx + dy * dy) * EDGE_WEIGHT;
    let s = 1.41 - (px * px + py * py).sqrt();
    s + d + (s + d + 0.5).max(0.0) * 1.2 * (thirds(px) + thirds(py))
}

fn thirds(v: f32) -> f32 {
    let x = ((v - 1.0 / 3.0 + 1.0) % 2.0 * 0.5 - 0.5) * 16.0;
    (1.0 - x * x).max(0.0)
}

#[cfg(test)]
mod tests {
    use super::*;
    use image::Rgba;

    #[test]
    fn the_crop_moves_to_the_detail_and_keeps_the_aspect() {
        // A flat grey field with a checkered patch near the right edge.
        let mut img = RgbaImage::from_pixel(400, 100, Rgba([128, 128, 128, 255]));
        for y in 30..70 {
            for x in 320..380 {
                let v = if (x / 4 + y / 4) % 2 == 0 { 0 } else { 255 };
                img.put_pixel(x, y, Rgba([v, v, v, 255]));
            }
        }
        let img = DynamicImage::ImageRgba8(img);
        let c = smart_crop(&img, 100, 100);
        assert_eq!(c.width, c.height);
        assert!(c.x + c.width > 320 && c.x < 380, "{c:?}");
        assert_eq!(smart_crop(&img, 100, 100), c, "deterministic");
    }
}
