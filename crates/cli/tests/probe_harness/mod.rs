//! Loopback servers for the probe's tests: SMTP listeners that answer with the model's `Server`
//! (STARTTLS and implicit TLS through tokio-rustls, certificates made by rcgen), a listener that
//! never greets, a port nothing listens on, a DNS server (hickory-proto messages over UDP) and an
//! HTTPS server for the MTA-STS policy. Everything binds 127.0.0.1 and stops with the test.

#![allow(dead_code)]

use std::collections::HashMap;
use std::net::{Ipv4Addr, SocketAddr};
use std::path::PathBuf;
use std::process::{Command, Output};
use std::sync::Arc;
use std::time::Duration;

use rcgen::{BasicConstraints, CertificateParams, DnType, IsCa, Issuer, KeyPair};
use rustls::pki_types::{CertificateDer, PrivateKeyDer, PrivatePkcs8KeyDer};
use smtp_sim::{Config, Out, Server};
use tokio::io::{AsyncRead, AsyncReadExt, AsyncWrite, AsyncWriteExt};
use tokio::net::{TcpListener, TcpStream, UdpSocket};
use tokio_rustls::TlsAcceptor;

/// How long any test server keeps a connection before it gives up by itself.
const SERVER_LIFETIME: Duration = Duration::from_secs(20);

/// A test CA and what it signs.
pub struct Ca {
    key: KeyPair,
    params: CertificateParams,
    pub pem: String,
    /// The CA certificate as a PEM file, for `--ca`.
    pub file: PathBuf,
}

/// A certificate and key a server presents.
#[derive(Clone)]
pub struct Identity {
    pub chain: Vec<CertificateDer<'static>>,
    pub key: Arc<PrivateKeyDer<'static>>,
    /// The leaf's SubjectPublicKeyInfo, DER, as rcgen made it (for TLSA records).
    pub spki: Vec<u8>,
}

impl Ca {
    pub fn new(tag: &str) -> Ca {
        let key = KeyPair::generate().unwrap();
        let mut params = CertificateParams::new(Vec::<String>::new()).unwrap();
        params
            .distinguished_name
            .push(DnType::CommonName, "smtp-sim probe test CA");
        params.is_ca = IsCa::Ca(BasicConstraints::Unconstrained);
        let cert = params.self_signed(&key).unwrap();
        let pem = cert.pem();
        let file = std::env::temp_dir().join(format!(
            "smtp-sim-probe-{}-{tag}-ca.pem",
            std::process::id()
        ));
        std::fs::write(&file, &pem).unwrap();
        Ca {
            key,
            params,
            pem,
            file,
        }
    }

    /// A leaf for `names` (DNS names or IP addresses); `expired` puts notAfter in the past.
    pub fn issue(&self, names: &[&str], expired: bool) -> Identity {
        let key = KeyPair::generate().unwrap();
        let mut params =
            CertificateParams::new(names.iter().map(|n| n.to_string()).collect::<Vec<_>>())
                .unwrap();
        params
            .distinguished_name
            .push(DnType::CommonName, names.first().copied().unwrap_or("leaf"));
        if expired {
            params.not_before = rcgen::date_time_ymd(2020, 1, 1);
            params.not_after = rcgen::date_time_ymd(2021, 1, 1);
        }
        let issuer = Issuer::from_params(&self.params, &self.key);
        let cert = params.signed_by(&key, &issuer).unwrap();
        Identity {
            spki: rcgen::PublicKeyData::subject_public_key_info(&key),
            chain: vec![cert.der().clone()],
            key: Arc::new(PrivateKeyDer::Pkcs8(PrivatePkcs8KeyDer::from(
                key.serialize_der(),
            ))),
        }
    }
}

fn acceptor(id: &Identity, alpn: &[&[u8]]) -> TlsAcceptor {
    #[allow(deprecated)]
    let provider = Arc::new(rustls::crypto::ring::default_provider());
    let mut config = rustls::ServerConfig::builder_with_provider(provider)
        .with_safe_default_protocol_versions()
        .unwrap()
        .with_no_client_auth()
        .with_single_cert(id.chain.clone(), id.key.clone_key())
        .unwrap();
    config.alpn_protocols = alpn.iter().map(|p| p.to_vec()).collect();
    TlsAcceptor::from(Arc::new(config))
}

/// A runtime on its own thread for the servers, while the test runs the `smtp-sim` binary.
pub struct Servers {
    runtime: tokio::runtime::Runtime,
}

impl Servers {
    pub fn new() -> Servers {
        Servers {
            runtime: tokio::runtime::Builder::new_multi_thread()
                .worker_threads(1)
                .enable_all()
                .build()
                .unwrap(),
        }
    }

    fn listener(&self) -> TcpListener {
        self.runtime
            .block_on(TcpListener::bind((Ipv4Addr::LOCALHOST, 0)))
            .unwrap()
    }

    /// An SMTP listener answering with the model's server for `config`.
    pub fn smtp(&self, config: Config, id: &Identity) -> u16 {
        let listener = self.listener();
        let port = listener.local_addr().unwrap().port();
        let tls = acceptor(id, &[]);
        self.runtime.spawn(async move {
            while let Ok((stream, _)) = listener.accept().await {
                let (config, tls) = (config.clone(), tls.clone());
                tokio::spawn(tokio::time::timeout(
                    SERVER_LIFETIME,
                    session(stream, config, tls),
                ));
            }
        });
        port
    }

    /// A listener that accepts and never says a word.
    pub fn silent(&self) -> u16 {
        let listener = self.listener();
        let port = listener.local_addr().unwrap().port();
        self.runtime.spawn(async move {
            while let Ok((stream, _)) = listener.accept().await {
                tokio::spawn(async move {
                    tokio::time::sleep(SERVER_LIFETIME).await;
                    drop(stream);
                });
            }
        });
        port
    }

    /// A port whose SYNs go unanswered, as behind a firewall that drops them: a listener with a
    /// backlog of 0 that never accepts, its queue filled by one connection (Linux then drops
    /// further SYNs, and the client retries until it gives up).
    pub fn dropping(&self) -> u16 {
        let listener = self.runtime.block_on(async {
            let socket = tokio::net::TcpSocket::new_v4().unwrap();
            socket.bind((Ipv4Addr::LOCALHOST, 0).into()).unwrap();
            socket.listen(0).unwrap()
        });
        let port = listener.local_addr().unwrap().port();
        let filler = std::net::TcpStream::connect((Ipv4Addr::LOCALHOST, port)).unwrap();
        self.runtime.spawn(async move {
            tokio::time::sleep(SERVER_LIFETIME).await;
            drop((listener, filler));
        });
        port
    }

    /// A port nothing listens on (bound, then released).
    pub fn closed(&self) -> u16 {
        let listener = self.listener();
        listener.local_addr().unwrap().port()
    }

    /// An HTTPS server answering every GET with `status`, `content_type` and `body`.
    pub fn https(&self, id: &Identity, status: u16, content_type: &str, body: &str) -> u16 {
        let listener = self.listener();
        let port = listener.local_addr().unwrap().port();
        let tls = acceptor(id, &[b"http/1.1"]);
        let response = format!(
            "HTTP/1.1 {status} X\r\nContent-Type: {content_type}\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{body}",
            body.len()
        );
        self.runtime.spawn(async move {
            while let Ok((stream, _)) = listener.accept().await {
                let (tls, response) = (tls.clone(), response.clone());
                tokio::spawn(tokio::time::timeout(SERVER_LIFETIME, async move {
                    let Ok(mut s) = tls.accept(stream).await else {
                        return;
                    };
                    // Read the request head, then answer.
                    let mut head = Vec::new();
                    let mut buf = [0u8; 1024];
                    while !head.windows(4).any(|w| w == b"\r\n\r\n") {
                        match s.read(&mut buf).await {
                            Ok(0) | Err(_) => return,
                            Ok(n) => head.extend_from_slice(&buf[..n]),
                        }
                    }
                    let _ = s.write_all(response.as_bytes()).await;
                    let _ = s.shutdown().await;
                }));
            }
        });
        port
    }

    /// A DNS server on UDP answering from `zone` (name with final dot, type) → records; the AD
    /// bit is set on answers for the names in `signed`.
    pub fn dns(&self, zone: Zone) -> SocketAddr {
        let socket = self
            .runtime
            .block_on(UdpSocket::bind((Ipv4Addr::LOCALHOST, 0)))
            .unwrap();
        let addr = socket.local_addr().unwrap();
        self.runtime.spawn(async move {
            let mut buf = vec![0u8; 4096];
            while let Ok((n, from)) = socket.recv_from(&mut buf).await {
                if let Some(answer) = zone.answer(&buf[..n]) {
                    let _ = socket.send_to(&answer, from).await;
                }
            }
        });
        addr
    }
}

/// One connection to the model's server: plaintext, then TLS when it asks for it.
async fn session(stream: TcpStream, config: Config, tls: TlsAcceptor) {
    let implicit = config.wrapper_tls;
    let (mut server, out) = Server::connect(config);
    if implicit {
        let Ok(stream) = tls.accept(stream).await else {
            return;
        };
        let out = server.tls_handshake();
        pump(&mut server, stream, out).await;
        return;
    }
    if let Some(stream) = pump(&mut server, stream, out).await {
        let Ok(stream) = tls.accept(stream).await else {
            return;
        };
        let out = server.tls_handshake();
        pump(&mut server, stream, out).await;
    }
}

/// Writes the server's output and feeds it the client's bytes until it closes (None) or
/// awaits a TLS handshake (the stream, handed back for it).
async fn pump<S: AsyncRead + AsyncWrite + Unpin>(
    server: &mut Server,
    mut stream: S,
    mut out: Vec<Out>,
) -> Option<S> {
    let mut buf = [0u8; 4096];
    loop {
        for o in out.drain(..) {
            match o {
                Out::Reply(r) => stream.write_all(r.to_wire().as_bytes()).await.ok()?,
                Out::Wait(ms) => tokio::time::sleep(Duration::from_millis(ms as u64)).await,
                Out::AwaitTls => return Some(stream),
                Out::Close | Out::Reset => {
                    let _ = stream.shutdown().await;
                    return None;
                }
            }
        }
        let n = stream.read(&mut buf).await.ok()?;
        if n == 0 {
            return None;
        }
        out = server.receive(&buf[..n]);
    }
}

/// Records for the test DNS server.
#[derive(Clone, Default)]
pub struct Zone {
    pub records: HashMap<(String, u16), Vec<hickory_proto::rr::RData>>,
    /// Names whose answers carry the AD bit.
    pub signed: Vec<String>,
    /// Names that do not exist (NXDOMAIN); every other unknown name is NODATA.
    pub missing: Vec<String>,
}

impl Zone {
    pub fn add(&mut self, name: &str, data: hickory_proto::rr::RData) -> &mut Self {
        let key = (name.to_ascii_lowercase(), u16::from(data.record_type()));
        self.records.entry(key).or_default().push(data);
        self
    }

    fn answer(&self, query: &[u8]) -> Option<Vec<u8>> {
        use hickory_proto::op::{Message, MessageType, OpCode, ResponseCode};
        use hickory_proto::rr::Record;
        let request = Message::from_vec(query).ok()?;
        let q = request.queries.first()?.clone();
        let name = q.name().to_ascii().to_ascii_lowercase();
        let mut response = Message::new(request.metadata.id, MessageType::Response, OpCode::Query);
        response.metadata.recursion_desired = request.metadata.recursion_desired;
        response.metadata.recursion_available = true;
        response.add_query(q.clone());
        match self.records.get(&(name.clone(), u16::from(q.query_type()))) {
            Some(data) => {
                for d in data {
                    response.add_answer(Record::from_rdata(q.name().clone(), 60, d.clone()));
                }
                // A validating resolver sets AD only when the query asked (AD or DO set).
                let asked = request.metadata.authentic_data
                    || request.edns.as_ref().is_some_and(|e| e.flags().dnssec_ok);
                response.metadata.authentic_data = asked && self.signed.contains(&name);
            }
            None if self.missing.contains(&name) => {
                response.metadata.response_code = ResponseCode::NXDomain;
            }
            None => {}
        }
        if let Some(edns) = &request.edns {
            let mut e = hickory_proto::op::Edns::new();
            e.set_max_payload(edns.max_payload().max(512));
            response.set_edns(e);
        }
        response.to_vec().ok()
    }
}

/// Runs `smtp-sim ARGS…` to its end.
pub fn probe(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_smtp-sim"))
        .arg("probe")
        .args(args)
        .output()
        .unwrap()
}

/// The JSON a `--json` run printed.
pub fn json(out: &Output) -> serde_json::Value {
    serde_json::from_slice(&out.stdout).unwrap_or_else(|e| {
        panic!(
            "not JSON ({e}): {}\n{}",
            String::from_utf8_lossy(&out.stdout),
            String::from_utf8_lossy(&out.stderr)
        )
    })
}
