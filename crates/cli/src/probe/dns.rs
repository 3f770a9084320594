//! DNS for the probe, through hickory: the system's resolver or `--dns ADDR`. Addresses, MX and
//! TXT go through hickory-resolver; TLSA is asked with the AD bit set (hickory-net's client),
//! because a validating resolver tells whether it checked DNSSEC only to a query that asks
//! (RFC 6840 §5.7), and a sender uses TLSA records only when they are secure, i.e. validated
//! (RFC 7672 §2.2).

use std::net::{IpAddr, SocketAddr};
use std::time::Duration;

use hickory_net::client::Client;
use hickory_net::runtime::TokioRuntimeProvider;
use hickory_net::udp::UdpClientStream;
use hickory_net::xfer::{DnsHandle, FirstAnswer};
use hickory_resolver::config::{NameServerConfig, ResolverConfig, ResolverOpts};
use hickory_resolver::proto::op::{DnsRequest, DnsRequestOptions, Query, ResponseCode};
use hickory_resolver::proto::rr::{Name, RData, RecordType};
use hickory_resolver::TokioResolver;

const WAIT: Duration = Duration::from_secs(5);

/// The resolver the probe asks.
#[derive(Clone)]
pub struct Dns {
    resolver: TokioResolver,
    /// Where TLSA queries go: the first name server of the same configuration.
    server: Option<SocketAddr>,
}

/// An answer that may be empty (NODATA) or say the name does not exist (NXDOMAIN).
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Answer<T> {
    Records(Vec<T>),
    NoData,
    NxDomain,
}

impl<T> Answer<T> {
    pub fn records(&self) -> &[T] {
        match self {
            Answer::Records(r) => r,
            _ => &[],
        }
    }
}

/// One TLSA record (RFC 6698 §2.1), its data in hex.
#[derive(Clone, Debug, serde::Serialize)]
pub struct Tlsa {
    pub usage: u8,
    pub selector: u8,
    pub matching: u8,
    pub data: String,
    /// Whether it matches the certificate the server showed (None: not probed over TLS).
    pub matches_certificate: Option<bool>,
}

impl Tlsa {
    /// The record matches the certificate chain a server presented (RFC 6698 §2.1: usage 3
    /// DANE-EE the leaf, 2 DANE-TA a CA certificate of the chain; selector 0 the whole
    /// certificate, 1 its SubjectPublicKeyInfo; matching 0 exact, 1 SHA-256, 2 SHA-512). The
    /// PKIX usages 0 and 1 are records a sender does not use for SMTP (RFC 7672 §3.1.3): they
    /// never match here. For DANE-TA only the presence of a matching certificate in the chain is
    /// checked, not the chain's signatures and names (RFC 7672 §3.1.2).
    pub fn matches(&self, chain: &[Vec<u8>]) -> bool {
        let candidates: &[Vec<u8>] = match self.usage {
            3 => chain.get(..1).unwrap_or(&[]),
            2 => chain.get(1..).unwrap_or(&[]),
            _ => &[],
        };
        candidates.iter().any(|der| {
            let Some(selected) = select(der, self.selector) else {
                return false;
            };
            let digest = match self.matching {
                0 => selected,
                1 => ring::digest::digest(&ring::digest::SHA256, &selected)
                    .as_ref()
                    .to_vec(),
                2 => ring::digest::digest(&ring::digest::SHA512, &selected)
                    .as_ref()
                    .to_vec(),
                _ => return false,
            };
            hex(&digest) == self.data
        })
    }
}

fn select(der: &[u8], selector: u8) -> Option<Vec<u8>> {
    use x509_parser::prelude::{FromDer, X509Certificate};
    match selector {
        0 => Some(der.to_vec()),
        1 => {
            let (_, cert) = X509Certificate::from_der(der).ok()?;
            Some(cert.tbs_certificate.subject_pki.raw.to_vec())
        }
        _ => None,
    }
}

pub fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

/// A TLSA answer and whether the resolver validated it (the AD bit).
#[derive(Clone, Debug)]
pub struct TlsaAnswer {
    pub answer: Answer<Tlsa>,
    pub authentic: bool,
}

impl Dns {
    /// `--dns ADDR` (IP or IP:PORT), else the system's configuration.
    pub fn new(dns: Option<&str>) -> Result<Dns, String> {
        let (config, options) = match dns {
            Some(text) => {
                let addr = text
                    .parse::<SocketAddr>()
                    .or_else(|_| text.parse::<IpAddr>().map(|ip| SocketAddr::new(ip, 53)))
                    .map_err(|_| format!("--dns {text}: not an IP address or IP:PORT"))?;
                let mut server = NameServerConfig::udp_and_tcp(addr.ip());
                for connection in &mut server.connections {
                    connection.port = addr.port();
                }
                (
                    ResolverConfig::from_parts(None, vec![], vec![server]),
                    ResolverOpts::default(),
                )
            }
            None => hickory_resolver::system_conf::read_system_conf()
                .map_err(|e| format!("cannot read the system's DNS configuration: {e}"))?,
        };
        let server = config.name_servers().first().map(|ns| {
            let port = ns.connections.first().map_or(53, |c| c.port);
            SocketAddr::new(ns.ip, port)
        });
        let mut builder =
            TokioResolver::builder_with_config(config, TokioRuntimeProvider::default());
        let opts = builder.options_mut();
        *opts = options;
        opts.timeout = WAIT;
        opts.attempts = 2;
        let resolver = builder.build().map_err(|e| format!("DNS: {e}"))?;
        Ok(Dns { resolver, server })
    }

    /// The first address of `host`, IPv4 first (as the hosts file may list ::1 first).
    pub async fn address(&self, host: &str) -> Result<IpAddr, String> {
        let all = self.addresses(host).await?;
        all.iter()
            .find(|a| a.is_ipv4())
            .or(all.first())
            .copied()
            .ok_or_else(|| format!("{host} has no address"))
    }

    pub async fn addresses(&self, host: &str) -> Result<Vec<IpAddr>, String> {
        match self.resolver.lookup_ip(host).await {
            Ok(found) => Ok(found.iter().collect()),
            Err(e) if e.is_no_records_found() || e.is_nx_domain() => Ok(vec![]),
            Err(e) => Err(format!("{host}: {e}")),
        }
    }

    /// MX records as (preference, exchange without the final dot), lowest preference first.
    pub async fn mx(&self, domain: &str) -> Result<Answer<(u16, String)>, String> {
        let answer = self.lookup(domain, RecordType::MX).await?;
        Ok(map(answer, |data| match data {
            RData::MX(mx) => Some((mx.preference, host_name(&mx.exchange))),
            _ => None,
        }))
        .map(|mut a| {
            if let Answer::Records(r) = &mut a {
                r.sort();
            }
            a
        })
    }

    /// TXT records, each record's strings joined into one (as RFC 7208 §3.3 does for SPF).
    pub async fn txt(&self, name: &str) -> Result<Answer<String>, String> {
        let answer = self.lookup(name, RecordType::TXT).await?;
        Ok(map(answer, |data| match data {
            RData::TXT(txt) => Some(
                txt.txt_data
                    .iter()
                    .map(|s| String::from_utf8_lossy(s).into_owned())
                    .collect::<String>(),
            ),
            _ => None,
        }))
    }

    async fn lookup(&self, name: &str, kind: RecordType) -> Result<Answer<RData>, String> {
        match self.resolver.lookup(fqdn(name)?, kind).await {
            Ok(found) => Ok(Answer::Records(
                found.answers().iter().map(|r| r.data.clone()).collect(),
            )),
            Err(e) if e.is_nx_domain() => Ok(Answer::NxDomain),
            Err(e) if e.is_no_records_found() => Ok(Answer::NoData),
            Err(e) => Err(format!("{name} {kind}: {e}")),
        }
    }

    /// TLSA at `name`, asked with the AD bit set.
    pub async fn tlsa(&self, name: &str) -> Result<TlsaAnswer, String> {
        let server = self.server.ok_or("no DNS server configured")?;
        let stream = UdpClientStream::builder(server, TokioRuntimeProvider::default())
            .with_timeout(Some(WAIT))
            .build();
        let (client, background) = Client::<TokioRuntimeProvider>::from_sender(stream);
        let task = tokio::spawn(background);
        let mut options = DnsRequestOptions::default();
        options.use_edns = true;
        let mut request =
            DnsRequest::from_query(Query::query(fqdn(name)?, RecordType::TLSA), options);
        request.metadata.authentic_data = true;
        let response = client.send(request).first_answer().await;
        task.abort();
        let response = response.map_err(|e| format!("{name} TLSA: {e}"))?;
        let authentic = response.metadata.authentic_data;
        let records: Vec<Tlsa> = response
            .answers
            .iter()
            .filter_map(|r| match &r.data {
                RData::TLSA(t) => Some(Tlsa {
                    usage: t.cert_usage.into(),
                    selector: t.selector.into(),
                    matching: t.matching.into(),
                    data: hex(&t.cert_data),
                    matches_certificate: None,
                }),
                _ => None,
            })
            .collect();
        let answer = match (response.metadata.response_code, records.is_empty()) {
            (ResponseCode::NXDomain, _) => Answer::NxDomain,
            (ResponseCode::NoError, true) => Answer::NoData,
            (ResponseCode::NoError, false) => Answer::Records(records),
            (code, _) => return Err(format!("{name} TLSA: {code}")),
        };
        Ok(TlsaAnswer { answer, authentic })
    }
}

fn map<T>(answer: Answer<RData>, f: impl Fn(&RData) -> Option<T>) -> Answer<T> {
    match answer {
        Answer::Records(r) => {
            let out: Vec<T> = r.iter().filter_map(f).collect();
            if out.is_empty() {
                Answer::NoData
            } else {
                Answer::Records(out)
            }
        }
        Answer::NoData => Answer::NoData,
        Answer::NxDomain => Answer::NxDomain,
    }
}

/// The name, absolute (a trailing dot), so that no search domain is appended.
fn fqdn(name: &str) -> Result<Name, String> {
    let absolute = if name.ends_with('.') {
        name.to_string()
    } else {
        format!("{name}.")
    };
    Name::from_ascii(&absolute).map_err(|e| format!("{name}: not a DNS name ({e})"))
}

/// A host name as people write it: no final dot; "." (Null MX) stays ".".
pub fn host_name(name: &Name) -> String {
    if name.is_root() {
        return ".".into();
    }
    name.to_ascii().trim_end_matches('.').to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn record(usage: u8, selector: u8, matching: u8, data: &[u8]) -> Tlsa {
        Tlsa {
            usage,
            selector,
            matching,
            data: hex(data),
            matches_certificate: None,
        }
    }

    #[test]
    fn tlsa_usages_match_what_rfc_7672_has_senders_use() {
        let leaf = rcgen::generate_simple_self_signed(vec!["mx.example.test".into()]).unwrap();
        let ca = rcgen::generate_simple_self_signed(vec!["ca.example.test".into()]).unwrap();
        let leaf_der = leaf.cert.der().to_vec();
        let ca_der = ca.cert.der().to_vec();
        let chain = vec![leaf_der.clone(), ca_der.clone()];
        let sha512 = ring::digest::digest(&ring::digest::SHA512, &leaf_der);
        // DANE-EE (3): the leaf, whole (0) or by digest (2 = SHA-512).
        assert!(record(3, 0, 0, &leaf_der).matches(&chain));
        assert!(record(3, 0, 2, sha512.as_ref()).matches(&chain));
        assert!(
            !record(3, 0, 0, &ca_der).matches(&chain),
            "EE is the leaf only"
        );
        // DANE-TA (2): a CA certificate the server sent, never the leaf itself.
        assert!(record(2, 0, 0, &ca_der).matches(&chain));
        assert!(!record(2, 0, 0, &leaf_der).matches(&chain));
        // PKIX-TA (0) and PKIX-EE (1) are not used for SMTP (RFC 7672 §3.1.3).
        assert!(!record(1, 0, 0, &leaf_der).matches(&chain));
        assert!(!record(0, 0, 0, &ca_der).matches(&chain));
        // Unknown selector or matching type: nothing matches.
        assert!(!record(3, 7, 0, &leaf_der).matches(&chain));
        assert!(!record(3, 0, 9, &leaf_der).matches(&chain));
        assert!(!record(3, 0, 0, &leaf_der).matches(&[]));
    }
}
