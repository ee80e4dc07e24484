//! A mistake inside a multi-line array is reported at its own line of the
//! chapter, in the pinned `book/x.md:LINE: what, how to fix` form.

use mdbook_cnn_views::{Config, Examples, process_chapter};

/// The located error of a chapter whose block fence is on line 3.
fn error(body: &str) -> String {
    let text = format!("# Chapter\n\n```cnn\n{body}\n```\n");
    match process_chapter(
        &text,
        "book/x.md",
        &Examples::built_in(),
        &Config::default(),
    ) {
        Ok(_) => "(no error)".to_string(),
        Err(err) => err.to_string(),
    }
}

#[test]
fn a_wrong_element_points_at_its_line() {
    let body = "view = \"image\"\nfilter = [[1]]\nimage = [\n [1, 2],\n [3, \"x\"]\n]";
    assert_eq!(
        error(body),
        "book/x.md:8: `image[1][1]` must be a number, not a string"
    );
}

#[test]
fn other_element_mistakes_point_at_their_lines() {
    assert_eq!(
        error("example = \"seed\"\nimage = [\n [1, 2],\n [3]\n]\nview = \"image\""),
        "book/x.md:7: `image` has rows of different lengths: row 1 has 2 entries but row 2 has 1; every row needs the same number"
    );
    assert_eq!(
        error("example = \"seed\"\nviews = [\n  \"image\",\n  \"filtr\",\n]"),
        "book/x.md:7: unknown view `filtr` (did you mean `filter`?); views are `image`, `filter`, `output`, `sections`, `equations`, `compact`, `network`, `matrix`, `dense`, `familiar`, `padding`, `im2col`, `code`, `all`"
    );
    assert_eq!(
        error(
            "example = \"seed\"\nview = \"filter\"\nfilter-labels = [\n  [\"a\", \"b\"],\n  [\"c\", \"a\"],\n]"
        ),
        "book/x.md:8: `filter-labels` uses the label `a` twice: labels must tell entries apart"
    );
}

#[test]
fn a_mistake_about_the_whole_array_stays_at_its_key() {
    assert_eq!(
        error("example = \"seed\"\nview = \"image\"\nfilter = [\n  [1, 1, 1, 1],\n]"),
        "book/x.md:6: the filter reaches 1x4 pixels but the padded image is only 3x3: use a smaller filter, less dilation, or more padding"
    );
}
