//! `smtp-sim probe DOMAIN --relay` offline: a DNS server on loopback (`--dns`) serves MX, A,
//! TXT and TLSA records (with the AD bit for the "signed" names), an HTTPS server serves the
//! MTA-STS policy (`--https-port`, trusted through `--ca`), and the MX is the model's port-25
//! server (`--mx-port`). Record formats are RFC 8461 §3.1/§3.2, RFC 8460 §3, RFC 7505 and
//! RFC 6698 §2.1 examples.

mod probe_harness;

use std::net::Ipv4Addr;

use hickory_proto::rr::rdata::tlsa::{CertUsage, Matching, Selector};
use hickory_proto::rr::rdata::{A, MX, TLSA, TXT};
use hickory_proto::rr::{Name, RData};
use probe_harness::{json, probe, Ca, Identity, Servers, Zone};
use serde_json::Value;
use smtp_sim::Config;

const LOOPBACK: Ipv4Addr = Ipv4Addr::LOCALHOST;

fn name(n: &str) -> Name {
    Name::from_ascii(n).unwrap()
}

fn txt(t: &str) -> RData {
    RData::TXT(TXT::new(vec![t.to_string()]))
}

fn sha256(bytes: &[u8]) -> Vec<u8> {
    ring::digest::digest(&ring::digest::SHA256, bytes)
        .as_ref()
        .to_vec()
}

/// A domain with everything: MX, MTA-STS (enforce, listing the MX), TLS-RPT, DNSSEC-signed TLSA:
/// one record that matches nothing, then DANE-EE records of the MX's key (3 1 1) and
/// certificate (3 0 1), the two a DANE sender can use (RFC 7672 §3.1.1).
fn full_zone(mx: &Identity) -> Zone {
    let mut z = Zone::default();
    z.add(
        "example.test.",
        RData::MX(MX::new(10, name("mx.example.test."))),
    )
    .add("mx.example.test.", RData::A(A(LOOPBACK)))
    .add(
        "_mta-sts.example.test.",
        txt("v=STSv1; id=20240101000000Z;"),
    )
    .add("_mta-sts.example.test.", txt("v=spf1 -all"))
    .add("mta-sts.example.test.", RData::A(A(LOOPBACK)))
    .add(
        "_smtp._tls.example.test.",
        txt("v=TLSRPTv1;rua=mailto:reports@example.test"),
    )
    .add(
        "_25._tcp.mx.example.test.",
        RData::TLSA(TLSA::new(
            CertUsage::DaneEe,
            Selector::Spki,
            Matching::Sha256,
            vec![0xab; 32],
        )),
    )
    .add(
        "_25._tcp.mx.example.test.",
        RData::TLSA(TLSA::new(
            CertUsage::DaneEe,
            Selector::Spki,
            Matching::Sha256,
            sha256(&mx.spki),
        )),
    )
    .add(
        "_25._tcp.mx.example.test.",
        RData::TLSA(TLSA::new(
            CertUsage::DaneEe,
            Selector::Full,
            Matching::Sha256,
            sha256(&mx.chain[0]),
        )),
    );
    z.signed.push("_25._tcp.mx.example.test.".into());
    z
}

fn relay(
    domain: &str,
    dns: std::net::SocketAddr,
    mx: u16,
    https: u16,
    ca: &Ca,
) -> std::process::Output {
    probe(&[
        domain,
        "--relay",
        "--dns",
        &dns.to_string(),
        "--mx-port",
        &mx.to_string(),
        "--https-port",
        &https.to_string(),
        "--ca",
        ca.file.to_str().unwrap(),
        "--timeout",
        "2",
        "--json",
    ])
}

#[test]
fn a_domain_with_mta_sts_tls_rpt_and_dane() {
    let servers = Servers::new();
    let ca = Ca::new("relay-full");
    let mx_id = ca.issue(&["mx.example.test"], false);
    let mx = servers.smtp(Config::mx(), &mx_id);
    let policy = "version: STSv1\r\nmode: enforce\r\nmx: mx.example.test\r\nmax_age: 604800\r\n";
    let https = servers.https(
        &ca.issue(&["mta-sts.example.test"], false),
        200,
        "text/plain",
        policy,
    );
    let dns = servers.dns(full_zone(&mx_id));
    let out = relay("example.test", dns, mx, https, &ca);
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let v = json(&out);
    assert_eq!(v["domain"], "example.test");
    assert_eq!(v["mx_kind"], "mx");
    let host = &v["mx"][0];
    assert_eq!(host["host"], "mx.example.test");
    assert_eq!(host["preference"], 10);
    assert_eq!(host["address"], "127.0.0.1");
    let p = &host["port25"];
    assert_eq!(p["tcp"], "open");
    assert_eq!(p["starttls"], true);
    assert_eq!(p["certificate"], "valid", "checked against the MX's name");
    assert_eq!(p["verdict"], "relay-only");
    // The TLSA record as published, and the resolver said it validated it (AD bit).
    assert_eq!(host["tlsa"]["dnssec_validated"], true);
    let t = &host["tlsa"]["records"][0];
    assert_eq!(
        (
            t["usage"].as_u64(),
            t["selector"].as_u64(),
            t["matching"].as_u64()
        ),
        (Some(3), Some(1), Some(1))
    );
    assert_eq!(t["data"], "ab".repeat(32));
    let matches: Vec<&Value> = host["tlsa"]["records"]
        .as_array()
        .unwrap()
        .iter()
        .map(|t| &t["matches_certificate"])
        .collect();
    assert_eq!(
        matches,
        [&Value::Bool(false), &Value::Bool(true), &Value::Bool(true)]
    );
    assert_eq!(host["mta_sts_match"], true);
    // The v=spf1 record beside it is discarded (RFC 8461 §3.1).
    assert_eq!(v["mta_sts"]["record"]["id"], "20240101000000Z");
    assert_eq!(v["mta_sts"]["policy"]["mode"], "enforce");
    assert_eq!(v["mta_sts"]["policy"]["max_age"], 604800);
    assert_eq!(
        v["mta_sts"]["policy_url"],
        "https://mta-sts.example.test/.well-known/mta-sts.txt"
    );
    assert_eq!(v["mta_sts"]["policy_certificate"]["status"], "valid");
    assert_eq!(v["tls_rpt"]["rua"][0], "mailto:reports@example.test");
    assert_eq!(v["policy"], "dane");
    assert_eq!(v["receives_mail"], true);
    assert_eq!(
        v["link"],
        "http://127.0.0.1:8080/?port=25&attack=cert&policy=dane"
    );
    assert!(p["link"].as_str().unwrap().ends_with("&policy=dane"));

    // The same in words.
    let text = probe(&[
        "example.test",
        "--relay",
        "--dns",
        &dns.to_string(),
        "--mx-port",
        &mx.to_string(),
        "--https-port",
        &https.to_string(),
        "--ca",
        ca.file.to_str().unwrap(),
        "--timeout",
        "2",
    ]);
    let stdout = String::from_utf8_lossy(&text.stdout);
    assert!(
        stdout.contains("DNSSEC-validated (AD bit set), and a record matches"),
        "{stdout}"
    );
    assert!(
        stdout.contains("(matches the certificate shown)"),
        "{stdout}"
    );
    assert!(
        stdout.contains("mode enforce, mx mx.example.test"),
        "{stdout}"
    );
    assert!(stdout.contains("What each protects against:"), "{stdout}");
}

#[test]
fn null_mx_no_mx_and_broken_policies() {
    let servers = Servers::new();
    let ca = Ca::new("relay-edge");
    let mx_id = ca.issue(&["mx.example.test"], false);
    let mx = servers.smtp(Config::mx(), &mx_id);
    // The policy served as HTML: senders must not use it.
    let https = servers.https(
        &ca.issue(&["mta-sts.example.test"], false),
        200,
        "text/html",
        "<html>",
    );
    let mut z = full_zone(&mx_id);
    z.signed.clear();
    // RFC 7505 §3: a Null MX is one MX record of preference 0 and exchange ".".
    z.add("nullmx.test.", RData::MX(MX::new(0, Name::root())));
    // No MX: the domain's own address is its mail server (RFC 5321 §5.1).
    z.add("plain.test.", RData::A(A(LOOPBACK)));
    z.missing.push("gone.test.".into());
    let dns = servers.dns(z);

    let out = relay("nullmx.test", dns, mx, https, &ca);
    assert_eq!(out.status.code(), Some(1));
    let v = json(&out);
    assert_eq!(v["mx_kind"], "null-mx");
    assert_eq!(v["mx"], Value::Array(vec![]));
    assert_eq!(v["receives_mail"], false);

    let v = json(&relay("plain.test", dns, mx, https, &ca));
    assert_eq!(v["mx_kind"], "implicit-a");
    assert_eq!(v["mx"][0]["host"], "plain.test");
    assert_eq!(v["mx"][0]["preference"], 0);
    // The server's certificate is for mx.example.test, not plain.test.
    assert_eq!(v["mx"][0]["port25"]["certificate"], "name-mismatch");
    assert_eq!(v["mta_sts"]["record"], Value::Null);
    assert_eq!(v["policy"], "none");

    let out = relay("gone.test", dns, mx, https, &ca);
    assert_eq!(out.status.code(), Some(1));
    let v = json(&out);
    assert_eq!(v["mx_kind"], "none");
    assert!(v["dns_error"].as_str().unwrap().contains("NXDOMAIN"));

    // example.test again, its TLSA unsigned now and its policy served as text/html.
    let v = json(&relay("example.test", dns, mx, https, &ca));
    assert_eq!(v["mx"][0]["tlsa"]["dnssec_validated"], false);
    assert!(
        v["mta_sts"]["policy_error"]
            .as_str()
            .unwrap()
            .contains("text/plain"),
        "{}",
        v["mta_sts"]
    );
    assert_eq!(v["mx"][0]["mta_sts_match"], Value::Null);
    assert_eq!(
        v["policy"], "none",
        "unvalidated TLSA and no policy protect nothing"
    );
}

#[test]
fn a_policy_that_does_not_list_the_mx() {
    let servers = Servers::new();
    let ca = Ca::new("relay-nomatch");
    let mx_id = ca.issue(&["mx.example.test"], false);
    let mx = servers.smtp(Config::mx(), &mx_id);
    // RFC 8461 §4.1: "*.example.test" covers one label, so it covers mx.example.test…
    let wildcard = "version: STSv1\nmode: testing\nmx: *.example.test\nmax_age: 86400\n";
    let https = servers.https(
        &ca.issue(&["mta-sts.example.test"], false),
        200,
        "text/plain; charset=utf-8",
        wildcard,
    );
    let dns = servers.dns(full_zone(&mx_id));
    let v = json(&relay("example.test", dns, mx, https, &ca));
    assert_eq!(v["mta_sts"]["policy"]["mode"], "testing");
    assert_eq!(v["mx"][0]["mta_sts_match"], true);
    // …while a policy for other hosts does not.
    let other = "version: STSv1\nmode: enforce\nmx: mail.example.org\nmax_age: 86400\n";
    let https = servers.https(
        &ca.issue(&["mta-sts.example.test"], false),
        200,
        "text/plain",
        other,
    );
    let v = json(&relay("example.test", dns, mx, https, &ca));
    assert_eq!(v["mx"][0]["mta_sts_match"], false);
    // A redirect is not followed.
    let https = servers.https(
        &ca.issue(&["mta-sts.example.test"], false),
        301,
        "text/plain",
        "",
    );
    let v = json(&relay("example.test", dns, mx, https, &ca));
    assert!(v["mta_sts"]["policy_error"]
        .as_str()
        .unwrap()
        .contains("HTTP 301"));
}
