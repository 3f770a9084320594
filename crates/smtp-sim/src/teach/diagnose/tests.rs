//! Unit tests of the engine's private helpers; the engine as a whole is tested through its
//! public API in `tests/diagnose.rs`.

use super::line_at;

#[test]
fn the_evidence_is_the_trimmed_line_holding_the_match() {
    let input = "first\n   second line  \nthird";
    let at = input.find("line").unwrap();
    assert_eq!(line_at(input, at), "\u{201c}second line\u{201d}");
    assert_eq!(line_at(input, 0), "\u{201c}first\u{201d}");
    assert_eq!(line_at(input, input.len()), "\u{201c}third\u{201d}");
    assert_eq!(line_at(input, input.len() + 10), "\u{201c}third\u{201d}");
}

#[test]
fn a_long_line_is_cut_around_the_match() {
    // 200 x, the match, 194 y: 60 characters are kept before the match, 160 in all.
    let line = format!("{}NEEDLE{}", "x".repeat(200), "y".repeat(194));
    let input = format!("before\n\t{line}\nafter");
    let at = input.find("NEEDLE").unwrap();
    let kept = format!("{}NEEDLE{}", "x".repeat(60), "y".repeat(94));
    assert_eq!(line_at(&input, at), format!("\u{201c}…{kept}…\u{201d}"));
    // Near the end of the line, the last 160 characters, with nothing cut after them.
    let at = input.find("after").unwrap() - 3;
    assert_eq!(
        line_at(&input, at),
        format!("\u{201c}…{}\u{201d}", &line[240..])
    );
    // At its start, the first 160.
    let at = input.find('x').unwrap();
    assert_eq!(
        line_at(&input, at),
        format!("\u{201c}{}…\u{201d}", &line[..160])
    );
}

#[test]
fn a_cut_never_splits_a_character() {
    // 150 euro signs of 3 bytes: 160 bytes back from the end falls inside one of them.
    let line = "€".repeat(150);
    let quoted = line_at(&line, line.len() - 3);
    assert_eq!(quoted, format!("\u{201c}…{}\u{201d}", "€".repeat(54)));
    // 60 bytes before the match falls inside a euro sign: the cut moves back to its start.
    let line = format!("x{}{}", "€".repeat(40), "y".repeat(200));
    let at = 1 + 3 * 40 + 40;
    let kept = format!("{}{}", "€".repeat(7), "y".repeat(140));
    assert_eq!(line_at(&line, at), format!("\u{201c}…{kept}…\u{201d}"));
}
