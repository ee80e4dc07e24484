//! Plane geometry for laying out figures: points, offsets, sizes and boxes,
//! so layout code reads `at.x`, `to - from` and `a.overlaps(&b, 5.0)`
//! instead of raw `[0]`/`[1]` indexes. A leaf: it uses nothing of the
//! crate. Figures keep plain `[f64; 2]`; `From` converts at that boundary.
//!
//! Every operation is the plain arithmetic it names, in that order, so a
//! layout moved onto these types computes bit for bit what it did before.

use std::ops::{Add, Mul, Neg, Sub};

/// A position, in CSS pixels, y down.
#[derive(Debug, Clone, Copy, PartialEq, Default)]
pub struct Point {
    /// Distance from the left.
    pub x: f64,
    /// Distance from the top.
    pub y: f64,
}

/// An offset between two points: a direction and a length.
#[derive(Debug, Clone, Copy, PartialEq, Default)]
pub struct Vec2 {
    /// Rightwards.
    pub x: f64,
    /// Downwards.
    pub y: f64,
}

/// How large something is.
#[derive(Debug, Clone, Copy, PartialEq, Default)]
pub struct Size {
    /// Horizontal extent.
    pub width: f64,
    /// Vertical extent.
    pub height: f64,
}

/// A circle, e.g. a neuron.
#[derive(Debug, Clone, Copy, PartialEq, Default)]
pub struct Circle {
    /// Its middle.
    pub center: Point,
    /// Its radius.
    pub radius: f64,
}

/// An axis-aligned box, by its edges.
#[derive(Debug, Clone, Copy, PartialEq, Default)]
pub struct Rect {
    /// Smallest x.
    pub left: f64,
    /// Smallest y.
    pub top: f64,
    /// Largest x.
    pub right: f64,
    /// Largest y.
    pub bottom: f64,
}

impl Point {
    /// The point at `(x, y)`.
    pub const fn new(x: f64, y: f64) -> Point {
        Point { x, y }
    }

    /// The point a fraction `t` of the way to `to` (0 here, 1 there).
    pub fn lerp(self, to: Point, t: f64) -> Point {
        self + (to - self) * t
    }

    /// The point halfway to `other`.
    pub fn midpoint(self, other: Point) -> Point {
        self.lerp(other, 0.5)
    }

    /// How far `other` is.
    pub fn distance(self, other: Point) -> f64 {
        (other - self).length()
    }
}

impl Vec2 {
    /// The offset `(x, y)`.
    pub const fn new(x: f64, y: f64) -> Vec2 {
        Vec2 { x, y }
    }

    /// `self` stretched by `factor`.
    pub fn scale(self, factor: f64) -> Vec2 {
        Vec2::new(self.x * factor, self.y * factor)
    }

    /// Euclidean length.
    pub fn length(self) -> f64 {
        (self.x * self.x + self.y * self.y).sqrt()
    }

    /// The same direction at length 1; `None` for a (nearly) zero offset,
    /// which has no direction.
    pub fn normalize(self) -> Option<Vec2> {
        let length = self.length();
        (length >= 1e-9).then(|| Vec2::new(self.x / length, self.y / length))
    }
}

impl Size {
    /// A `width` by `height` size.
    pub const fn new(width: f64, height: f64) -> Size {
        Size { width, height }
    }
}

impl Circle {
    /// The circle around `center` of `radius`.
    pub const fn new(center: Point, radius: f64) -> Circle {
        Circle { center, radius }
    }

    /// The same circle, `by` larger in radius: room to keep clear of it.
    pub fn grow(self, by: f64) -> Circle {
        Circle::new(self.center, self.radius + by)
    }

    /// The smallest box around it (tests check figures stay on the canvas).
    #[cfg(test)]
    pub fn bounds(self) -> Rect {
        Rect::around(self.center, Vec2::new(self.radius, self.radius))
    }
}

impl Rect {
    /// The box with corners `min` (top left) and `max` (bottom right).
    pub const fn new(min: Point, max: Point) -> Rect {
        Rect {
            left: min.x,
            top: min.y,
            right: max.x,
            bottom: max.y,
        }
    }

    /// The box centered on `center` reaching `half` out to each side.
    pub fn around(center: Point, half: Vec2) -> Rect {
        Rect::new(center - half, center + half)
    }

    /// The box from the origin to `size`, e.g. a whole canvas.
    #[cfg(test)]
    pub const fn sized(size: Size) -> Rect {
        Rect::new(Point::new(0.0, 0.0), Point::new(size.width, size.height))
    }

    /// Whether `other` lies wholly inside (touching edges count as inside).
    pub fn contains(&self, other: &Rect) -> bool {
        other.left >= self.left
            && other.right <= self.right
            && other.top >= self.top
            && other.bottom <= self.bottom
    }

    /// Whether the two boxes come closer than `margin` (a negative margin
    /// lets them overlap that much).
    pub fn overlaps(&self, other: &Rect, margin: f64) -> bool {
        self.left < other.right + margin
            && other.left < self.right + margin
            && self.top < other.bottom + margin
            && other.top < self.bottom + margin
    }

    /// Whether `circle` reaches into the box (merely touching is no hit).
    pub fn hits_circle(&self, circle: Circle) -> bool {
        let Circle { center, radius } = circle;
        let x = center.x.clamp(self.left, self.right);
        let y = center.y.clamp(self.top, self.bottom);
        (x - center.x).powi(2) + (y - center.y).powi(2) < radius * radius
    }

    /// Whether the segment from `a` to `b` passes through the box
    /// (Liang–Barsky clipping).
    pub fn hits_segment(&self, a: Point, b: Point) -> bool {
        let d = b - a;
        let (mut t0, mut t1) = (0.0_f64, 1.0_f64);
        for (p, q) in [
            (-d.x, a.x - self.left),
            (d.x, self.right - a.x),
            (-d.y, a.y - self.top),
            (d.y, self.bottom - a.y),
        ] {
            if p.abs() < 1e-12 {
                if q < 0.0 {
                    return false;
                }
            } else {
                let r = q / p;
                if p < 0.0 {
                    t0 = t0.max(r);
                } else {
                    t1 = t1.min(r);
                }
                if t0 > t1 {
                    return false;
                }
            }
        }
        true
    }
}

impl Add<Vec2> for Point {
    type Output = Point;
    fn add(self, v: Vec2) -> Point {
        Point::new(self.x + v.x, self.y + v.y)
    }
}

impl Sub<Vec2> for Point {
    type Output = Point;
    fn sub(self, v: Vec2) -> Point {
        Point::new(self.x - v.x, self.y - v.y)
    }
}

impl Sub for Point {
    type Output = Vec2;
    fn sub(self, from: Point) -> Vec2 {
        Vec2::new(self.x - from.x, self.y - from.y)
    }
}

impl Add for Vec2 {
    type Output = Vec2;
    fn add(self, v: Vec2) -> Vec2 {
        Vec2::new(self.x + v.x, self.y + v.y)
    }
}

impl Sub for Vec2 {
    type Output = Vec2;
    fn sub(self, v: Vec2) -> Vec2 {
        Vec2::new(self.x - v.x, self.y - v.y)
    }
}

impl Neg for Vec2 {
    type Output = Vec2;
    fn neg(self) -> Vec2 {
        Vec2::new(-self.x, -self.y)
    }
}

impl Mul<f64> for Vec2 {
    type Output = Vec2;
    fn mul(self, factor: f64) -> Vec2 {
        self.scale(factor)
    }
}

impl From<[f64; 2]> for Point {
    fn from([x, y]: [f64; 2]) -> Point {
        Point::new(x, y)
    }
}

impl From<Point> for [f64; 2] {
    fn from(p: Point) -> [f64; 2] {
        [p.x, p.y]
    }
}

impl From<[f64; 2]> for Size {
    fn from([width, height]: [f64; 2]) -> Size {
        Size::new(width, height)
    }
}

impl From<Size> for [f64; 2] {
    fn from(s: Size) -> [f64; 2] {
        [s.width, s.height]
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn points_and_offsets() {
        let (a, b) = (Point::new(1.0, 2.0), Point::new(4.0, 6.0));
        assert_eq!(b - a, Vec2::new(3.0, 4.0));
        assert_eq!(a.distance(b), 5.0);
        assert_eq!(a.midpoint(b), Point::new(2.5, 4.0));
        assert_eq!(a + (b - a) * 2.0, Point::new(7.0, 10.0));
        assert_eq!((b - a).normalize(), Some(Vec2::new(0.6, 0.8)));
        assert_eq!(Vec2::default().normalize(), None);
        assert_eq!(<[f64; 2]>::from(Point::from([1.5, -2.0])), [1.5, -2.0]);
        assert_eq!(<[f64; 2]>::from(Size::new(3.0, 4.0)), [3.0, 4.0]);
    }

    #[test]
    fn boxes_contain_overlap_and_are_hit() {
        let canvas = Rect::sized(Size::new(10.0, 10.0));
        let a = Rect::around(Point::new(2.0, 2.0), Vec2::new(1.0, 1.0));
        let b = Rect::around(Point::new(5.0, 2.0), Vec2::new(1.0, 1.0));
        assert!(canvas.contains(&a) && !a.contains(&canvas));
        assert!(!a.overlaps(&b, 0.0));
        assert!(a.overlaps(&b, 1.5));
        let circle = Circle::new(Point::new(4.0, 2.0), 0.5);
        assert!(!a.hits_circle(circle));
        assert!(a.hits_circle(circle.grow(1.0)));
        assert!(canvas.contains(&circle.bounds()));
        assert!(a.hits_segment(Point::new(0.0, 0.0), Point::new(4.0, 4.0)));
        assert!(!a.hits_segment(Point::new(0.0, 4.0), Point::new(4.0, 8.0)));
        assert!(!a.hits_segment(Point::new(0.0, 5.0), Point::new(9.0, 5.0)));
    }
}
