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

    /// The first address of `host` (IPv4 first).
    pub async fn address(&self, host: &str) -> Result<IpAddr, String> {
        self.addresses(host)
            .await?
            .first()
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
                    data: t.cert_data.iter().map(|b| format!("{b:02x}")).collect(),
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
