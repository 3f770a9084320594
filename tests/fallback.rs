//! The static port table in index.html (what readers without JavaScript and search engines see)
//! must say what the model says.

use smtp_sim::Port;

#[test]
fn the_fallback_table_matches_the_port_catalogue() {
    let page = std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/index.html"))
        .unwrap()
        .replace("&quot;", "\"");
    for port in Port::ALL {
        let info = port.info();
        let row = page
            .lines()
            .find(|l| l.contains(&format!("<th scope=\"row\">{}</th>", info.number)))
            .unwrap_or_else(|| panic!("no fallback row for port {}", info.number));
        for cell in [info.role_label(), info.tls.label(), &info.standing.label()] {
            assert!(
                row.contains(cell),
                "port {}: {cell:?} missing in {row}",
                info.number
            );
        }
    }
    assert!(page.contains("RFC 8314 recommends it, it is not deprecated"));
}
