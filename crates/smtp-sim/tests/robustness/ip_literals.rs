//! The address parser's IPv4/IPv6 literal checks against std: they are written by hand (std's
//! parsers cost WebAssembly size), and std is the oracle for what they must accept.

use proptest::prelude::*;

proptest! {
    #[test]
    fn ip_literals_match_std(
        text in "[0-9a-fA-F:.]{0,45}",
        v6 in any::<u128>(),
        v4 in any::<u32>(),
        cut in 0usize..45,
    ) {
        use smtp_sim::server::address::{valid_ipv4, valid_ipv6};
        use std::net::{Ipv4Addr, Ipv6Addr};
        let formatted = [
            Ipv6Addr::from(v6).to_string(),
            Ipv6Addr::from(v6 & 0xffff_0000_ffff_0000_0000_ffff_ffff_ffff).to_string(),
            Ipv6Addr::from(u128::from(v4) | 0xffff_0000_0000).to_string(),
            Ipv4Addr::from(v4).to_string(),
        ];
        for candidate in formatted.iter().map(String::as_str).chain([text.as_str()]) {
            let mut cases = vec![candidate.to_string()];
            // Near misses: the same text with one character removed.
            if cut < candidate.len() {
                let mut shorter = candidate.to_string();
                shorter.remove(cut);
                cases.push(shorter);
            }
            for case in cases {
                prop_assert_eq!(valid_ipv4(&case), case.parse::<Ipv4Addr>().is_ok(), "{}", case);
                prop_assert_eq!(valid_ipv6(&case), case.parse::<Ipv6Addr>().is_ok(), "{}", case);
            }
        }
    }
}

#[test]
fn ip_literal_edge_cases_match_std() {
    use smtp_sim::server::address::{valid_ipv4, valid_ipv6};
    let cases = [
        "",
        "::",
        ":::",
        "::1",
        "1::",
        "1:2:3:4:5:6:7:8",
        "1:2:3:4:5:6:7::",
        "::2:3:4:5:6:7:8",
        "1:2:3:4:5:6:7:8:9",
        "1::2::3",
        // `::` stands for at least one zero group (RFC 4291 §2.2): not with eight beside it.
        "1:2:3:4::5:6:7:8",
        "1::2:3:4:5:6:7:8",
        "1:2:3:4:5:6:7::8",
        "::ffff:192.0.2.1",
        "1:2:3:4:5:6:192.0.2.1",
        "1:2:3:4:5:6:7:192.0.2.1",
        "192.0.2.1::",
        "::192.0.2.1:1",
        "12345::",
        "0.0.0.0",
        "255.255.255.255",
        "256.1.1.1",
        "01.2.3.4",
        "1.2.3",
        "1.2.3.4.5",
        "+1.2.3.4",
        "1..2.3",
    ];
    for case in cases {
        assert_eq!(
            valid_ipv4(case),
            case.parse::<std::net::Ipv4Addr>().is_ok(),
            "{case}"
        );
        assert_eq!(
            valid_ipv6(case),
            case.parse::<std::net::Ipv6Addr>().is_ok(),
            "{case}"
        );
    }
}
