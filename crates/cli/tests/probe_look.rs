mod probe_harness;
use hickory_proto::rr::rdata::{A, MX, TXT};
use hickory_proto::rr::{Name, RData};
use probe_harness::{Ca, Servers, Zone};
use smtp_sim::Config;
#[test]
#[ignore]
fn serve_for_a_look() {
    let s = Servers::new();
    let ca = Ca::new("look");
    let id = ca.issue(&["127.0.0.1", "mx.example.test"], false);
    let sub = s.smtp(Config::submission(), &id);
    let imp = s.smtp(Config::submissions(), &id);
    let mx = s.smtp(Config::mx(), &id);
    let silent = s.silent();
    let closed = s.closed();
    let https = s.https(
        &ca.issue(&["mta-sts.example.test"], false),
        200,
        "text/plain",
        "version: STSv1\nmode: testing\nmx: mx.example.test\nmax_age: 86400\n",
    );
    let mut z = Zone::default();
    z.add(
        "example.test.",
        RData::MX(MX::new(10, Name::from_ascii("mx.example.test.").unwrap())),
    )
    .add(
        "mx.example.test.",
        RData::A(A(std::net::Ipv4Addr::LOCALHOST)),
    )
    .add(
        "mta-sts.example.test.",
        RData::A(A(std::net::Ipv4Addr::LOCALHOST)),
    )
    .add(
        "_mta-sts.example.test.",
        RData::TXT(TXT::new(vec!["v=STSv1; id=1".into()])),
    );
    let d = ring::digest::digest(&ring::digest::SHA256, &id.spki)
        .as_ref()
        .to_vec();
    z.add(
        "_25._tcp.mx.example.test.",
        RData::TLSA(hickory_proto::rr::rdata::TLSA::new(
            hickory_proto::rr::rdata::tlsa::CertUsage::DaneEe,
            hickory_proto::rr::rdata::tlsa::Selector::Spki,
            hickory_proto::rr::rdata::tlsa::Matching::Sha256,
            d,
        )),
    );
    z.add(
        "_smtp._tls.example.test.",
        RData::TXT(TXT::new(vec![
            "v=TLSRPTv1; rua=mailto:tlsrpt@example.test".into()
        ])),
    );
    z.signed.push("_25._tcp.mx.example.test.".into());
    let dns = s.dns(z);
    println!("PORTS {mx}:25,{imp}:465,{sub}:587,{silent}:2525,{closed} CA {} DNS {dns} MX {mx} HTTPS {https}", ca.file.display());
    std::thread::sleep(std::time::Duration::from_secs(240));
}
