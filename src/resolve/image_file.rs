//! `image-file = "PATH"`: a PNG read into an image, the only file a block
//! reads. The path is relative to the book's folder (the folder of
//! `book.toml`) and may not leave it; the picture's size is checked from its
//! header before any pixel is decoded.
//!
//! Gray gives one channel, RGB three; alpha is dropped; palettes and gray
//! of fewer than 8 bits are expanded. A value is the sample over the
//! largest sample value (8-bit: v/255), so every image runs from 0 to 1.

use std::fs::File;
use std::io::BufReader;
use std::path::{Component, Path};

use ndarray::Array3;

use crate::engine::limits::MAX_IMAGE_SIDE;
use crate::error::ErrorKind;

/// The image in the PNG at `path` (as written in the block), relative to
/// the book's folder `root`.
pub fn read(path: &str, root: &Path) -> Result<Array3<f64>, ErrorKind> {
    if leaves_root(path) {
        return Err(ErrorKind::ImageOutsideBook {
            path: path.to_string(),
        });
    }
    let unreadable = |e: std::io::Error| ErrorKind::ImageUnreadable {
        path: path.to_string(),
        reason: describe_io(&e),
    };
    let full = root.join(path);
    // A symbolic link inside the book may still point out of it.
    let real = full.canonicalize().map_err(unreadable)?;
    let real_root = root.canonicalize().map_err(unreadable)?;
    if !real.starts_with(&real_root) {
        return Err(ErrorKind::ImageOutsideBook {
            path: path.to_string(),
        });
    }
    let file = File::open(&real).map_err(unreadable)?;
    decode(BufReader::new(file), path)
}

/// Whether `path` is absolute or climbs above where it starts: decided from
/// the text alone, so `../../secret.png` is refused whether or not it
/// exists.
fn leaves_root(path: &str) -> bool {
    let mut depth = 0usize;
    for component in Path::new(path).components() {
        match component {
            Component::Normal(_) => depth += 1,
            Component::CurDir => {}
            Component::ParentDir => match depth.checked_sub(1) {
                Some(d) => depth = d,
                None => return true,
            },
            Component::RootDir | Component::Prefix(_) => return true,
        }
    }
    false
}

fn describe_io(e: &std::io::Error) -> String {
    match e.kind() {
        std::io::ErrorKind::NotFound => "there is no such file".to_string(),
        std::io::ErrorKind::PermissionDenied => "permission denied".to_string(),
        _ => e.to_string(),
    }
}

/// PNG bytes → `[channel][row][col]` of values from 0 to 1.
fn decode(input: impl std::io::Read, path: &str) -> Result<Array3<f64>, ErrorKind> {
    let not_png = |e: png::DecodingError| ErrorKind::NotPng {
        path: path.to_string(),
        reason: e.to_string().trim_end_matches('.').to_string(),
    };
    let mut decoder = png::Decoder::new(input);
    decoder.set_transformations(png::Transformations::EXPAND);
    let mut reader = decoder.read_info().map_err(not_png)?;
    let (width, height) = (reader.info().width, reader.info().height);
    if width.max(height) as usize > MAX_IMAGE_SIDE {
        return Err(ErrorKind::ImageTooLarge {
            path: path.to_string(),
            width,
            height,
            limit: MAX_IMAGE_SIDE,
        });
    }
    let mut buffer = vec![0; reader.output_buffer_size()];
    let frame = reader.next_frame(&mut buffer).map_err(not_png)?;
    let (color, depth) = reader.output_color_type();
    let samples = color.samples();
    let channels = match color {
        png::ColorType::Grayscale | png::ColorType::GrayscaleAlpha => 1,
        _ => 3,
    };
    let bytes = &buffer[..frame.buffer_size()];
    let (rows, cols) = (height as usize, width as usize);
    let sample = |r: usize, c: usize, s: usize| -> f64 {
        let at = (r * cols + c) * samples + s;
        match depth {
            png::BitDepth::Sixteen => {
                let i = at * 2;
                f64::from(u16::from_be_bytes([bytes[i], bytes[i + 1]])) / 65535.0
            }
            _ => f64::from(bytes[at]) / 255.0,
        }
    };
    Ok(Array3::from_shape_fn(
        (channels, rows, cols),
        |(ch, r, c)| sample(r, c, ch),
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A PNG of `color` and `depth` with the given raw samples.
    fn png(
        width: u32,
        height: u32,
        color: png::ColorType,
        depth: png::BitDepth,
        data: &[u8],
    ) -> Vec<u8> {
        let mut out = Vec::new();
        {
            let mut encoder = png::Encoder::new(&mut out, width, height);
            encoder.set_color(color);
            encoder.set_depth(depth);
            if color == png::ColorType::Indexed {
                encoder.set_palette(vec![0, 0, 0, 255, 0, 0, 0, 0, 255]);
            }
            let mut writer = encoder.write_header().unwrap();
            writer.write_image_data(data).unwrap();
        }
        out
    }

    fn decoded(bytes: Vec<u8>) -> Array3<f64> {
        decode(std::io::Cursor::new(bytes), "x.png").unwrap()
    }

    #[test]
    fn gray_rgb_rgba_palette_and_sixteen_bits() {
        use png::{BitDepth, ColorType};
        let gray = decoded(png(2, 1, ColorType::Grayscale, BitDepth::Eight, &[0, 255]));
        assert_eq!(gray, ndarray::array![[[0.0, 1.0]]]);
        let rgb = decoded(png(1, 1, ColorType::Rgb, BitDepth::Eight, &[255, 51, 0]));
        assert_eq!(rgb, ndarray::array![[[1.0]], [[0.2]], [[0.0]]]);
        let rgba = decoded(png(
            1,
            1,
            ColorType::Rgba,
            BitDepth::Eight,
            &[255, 51, 0, 7],
        ));
        assert_eq!(rgba, rgb);
        let palette = decoded(png(3, 1, ColorType::Indexed, BitDepth::Eight, &[0, 1, 2]));
        assert_eq!(palette.dim(), (3, 1, 3));
        assert_eq!(
            palette.slice(ndarray::s![.., 0, 0]).to_vec(),
            [0.0, 0.0, 0.0]
        );
        assert_eq!(palette[[0, 0, 1]], 1.0);
        assert_eq!(palette[[2, 0, 2]], 1.0);
        let deep = decoded(png(
            1,
            1,
            ColorType::Grayscale,
            BitDepth::Sixteen,
            &[0x80, 0x00],
        ));
        assert_eq!(deep[[0, 0, 0]], 32768.0 / 65535.0);
        let bits = decoded(png(
            8,
            1,
            ColorType::Grayscale,
            BitDepth::One,
            &[0b1010_0000],
        ));
        assert_eq!(
            bits.iter().copied().collect::<Vec<_>>(),
            [1.0, 0.0, 1.0, 0.0, 0.0, 0.0, 0.0, 0.0]
        );
    }

    #[test]
    fn paths_may_not_leave_the_book() {
        assert!(leaves_root("../../secret.png"));
        assert!(leaves_root("images/../../x.png"));
        assert!(leaves_root("/etc/passwd"));
        assert!(!leaves_root("images/../book/x.png"));
        assert!(!leaves_root("./x.png"));
    }

    #[test]
    fn not_a_png_and_too_large() {
        let err = decode(std::io::Cursor::new(b"GIF89a".to_vec()), "a.gif").unwrap_err();
        assert!(matches!(err, ErrorKind::NotPng { .. }), "{err}");
        let big = png(
            300,
            1,
            png::ColorType::Grayscale,
            png::BitDepth::Eight,
            &[0; 300],
        );
        let err = decode(std::io::Cursor::new(big), "big.png").unwrap_err();
        assert_eq!(
            err,
            ErrorKind::ImageTooLarge {
                path: "big.png".into(),
                width: 300,
                height: 1,
                limit: MAX_IMAGE_SIDE
            }
        );
    }

    #[test]
    fn the_shipped_picture_reads_and_links_cannot_escape() {
        let repo = Path::new(env!("CARGO_MANIFEST_DIR"));
        let camera = read("book/images/camera.png", repo).unwrap();
        assert_eq!(camera.dim(), (1, 32, 32));
        assert!(camera.iter().all(|v| (0.0..=1.0).contains(v)));
        #[cfg(unix)]
        {
            let dir = tempfile::tempdir().unwrap();
            let book = dir.path().join("book");
            std::fs::create_dir(&book).unwrap();
            std::fs::copy(
                repo.join("book/images/camera.png"),
                dir.path().join("secret.png"),
            )
            .unwrap();
            std::os::unix::fs::symlink("../secret.png", book.join("link.png")).unwrap();
            assert_eq!(
                read("link.png", &book),
                Err(ErrorKind::ImageOutsideBook {
                    path: "link.png".into()
                })
            );
        }
    }
}
