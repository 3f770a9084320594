//! RFC citations as data: a number and a section, written out only where they are shown, so no
//! view parses a citation back out of a sentence.

use std::fmt;

/// A section of an RFC that a step or a lesson rests on.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Rfc {
    /// The RFC's number, as rfc-editor.org files it.
    pub number: u16,
    /// The section, e.g. `4.1.1.1`.
    pub section: &'static str,
}

/// `RFC 5321 §4.1.1.1`.
impl fmt::Display for Rfc {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "RFC {} §{}", self.number, self.section)
    }
}

/// Citations written as one text: `RFC 1035 §3.4.1, RFC 3596 §2.1`.
pub fn cite(rfcs: &[Rfc]) -> String {
    let each: Vec<String> = rfcs.iter().map(Rfc::to_string).collect();
    each.join(", ")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn citations_read_as_the_rfc_editor_writes_them() {
        let rfc = |number, section| Rfc { number, section };
        assert_eq!(rfc(5321, "4.1.1.1").to_string(), "RFC 5321 §4.1.1.1");
        assert_eq!(
            cite(&[rfc(1035, "3.4.1"), rfc(3596, "2.1")]),
            "RFC 1035 §3.4.1, RFC 3596 §2.1"
        );
        assert_eq!(cite(&[]), "");
    }
}
