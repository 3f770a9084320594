//! One HTTPS GET over rustls (ring) and hyper's HTTP/1.1 client, for the MTA-STS policy file.
//! Redirects are not followed (RFC 8461 §3.3) and the body is cut at 64 KiB.

use std::net::{IpAddr, SocketAddr};
use std::time::Duration;

use http_body_util::{BodyExt, Empty, Limited};
use hyper::body::Bytes;
use hyper_util::rt::TokioIo;
use tokio::net::TcpStream;
use tokio::time::timeout;

use super::tls::{self, CertInfo, Roots};

/// Bodies larger than this are refused (a policy is a few lines).
const MAX_BODY: usize = 64 * 1024;

/// What came back.
pub struct Fetched {
    pub status: u16,
    pub content_type: Option<String>,
    pub body: String,
    pub cert: Option<CertInfo>,
}

/// GET `https://{host}{path}` from `ip:port`; every step within `wait`.
pub async fn get(
    host: &str,
    ip: IpAddr,
    port: u16,
    path: &str,
    roots: &Roots,
    wait: Duration,
) -> Result<Fetched, String> {
    timeout(wait, fetch(host, ip, port, path, roots))
        .await
        .map_err(|_| format!("no answer from {host} in {} s", wait.as_secs_f32()))?
}

async fn fetch(
    host: &str,
    ip: IpAddr,
    port: u16,
    path: &str,
    roots: &Roots,
) -> Result<Fetched, String> {
    let tcp = TcpStream::connect(SocketAddr::new(ip, port))
        .await
        .map_err(|e| format!("{host}:{port}: {e}"))?;
    let (stream, info) = tls::handshake(tcp, host, roots, &[b"http/1.1"]).await?;
    let (mut sender, connection) = hyper::client::conn::http1::handshake(TokioIo::new(stream))
        .await
        .map_err(|e| format!("HTTP: {e}"))?;
    let driver = tokio::spawn(connection);
    let request = hyper::Request::builder()
        .uri(path)
        .header(hyper::header::HOST, host)
        .header(hyper::header::USER_AGENT, "smtp-sim-probe")
        .body(Empty::<Bytes>::new())
        .map_err(|e| format!("HTTP: {e}"))?;
    let response = sender
        .send_request(request)
        .await
        .map_err(|e| format!("HTTP: {e}"))?;
    let status = response.status().as_u16();
    let content_type = response
        .headers()
        .get(hyper::header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .map(str::to_string);
    let body = Limited::new(response.into_body(), MAX_BODY)
        .collect()
        .await
        .map_err(|e| format!("HTTP body: {e}"))?
        .to_bytes();
    driver.abort();
    Ok(Fetched {
        status,
        content_type,
        body: String::from_utf8_lossy(&body).into_owned(),
        cert: info.cert,
    })
}
