//! Links into the simulator's page for a place the model names: the journey's own parameters
//! (`Setup::params`), then the page's `step=` or `view=console` (web/CONTRACT.md lists them).

use smtp_sim::teach::diagnose::Shown;
use smtp_sim::Setup;

/// The page at `base` showing `setup` at `shown`; empty when nothing is shown.
pub fn link(base: &str, setup: &Setup, shown: Shown) -> String {
    let mut query: Vec<String> = setup
        .params()
        .into_iter()
        .map(|(k, v)| format!("{k}={v}"))
        .collect();
    match shown {
        Shown::Nowhere => return String::new(),
        Shown::Steps(0) => {}
        Shown::Steps(n) => query.push(format!("step={n}")),
        Shown::Console => query.push("view=console".into()),
    }
    let sep = if base.contains('?') { '&' } else { '?' };
    format!("{base}{sep}{}", query.join("&"))
}

#[cfg(test)]
mod tests {
    use super::*;
    use smtp_sim::{Block, Port};

    #[test]
    fn a_place_becomes_the_pages_query() {
        let setup = Setup {
            block: Some(Block::Drop),
            ..Setup::new(Port::P25)
        };
        let base = "https://example.org/sim/";
        assert_eq!(
            link(base, &setup, Shown::Steps(5)),
            "https://example.org/sim/?port=25&block=drop&step=5"
        );
        assert_eq!(
            link(base, &setup, Shown::Steps(0)),
            "https://example.org/sim/?port=25&block=drop"
        );
        assert_eq!(
            link(
                "https://example.org/?lang=en",
                &Setup::new(Port::P587),
                Shown::Console
            ),
            "https://example.org/?lang=en&port=587&view=console"
        );
        assert_eq!(link(base, &setup, Shown::Nowhere), "");
    }
}
