//! In front of the router: what is the same for every visitor is answered
//! before routing and the whole middleware stack — a `/pkg` asset, and a
//! kept anonymous page for a browser without a session cookie while no
//! maintenance is announced or under way. Such an answer reads nothing but
//! the path and a few headers, never fails and logs nothing, so it skips
//! route matching, the request id, the span, compression (its bytes are the
//! build's or the kept encodings), the session and CSRF layers; it still
//! carries the security headers as the stack sets them (a 304 only its
//! page's policy), its cache rules and a count in the metrics. Anything else, or a page not kept yet, goes to the router and
//! its whole stack as before (which keeps it).
//!
//! It is a service around the router rather than one more of its layers:
//! a router layer runs after route matching and, as axum's `from_fn`
//! middleware, clones the whole inner stack for each request (in one
//! profile that, not the answer, was most of a 304's cost).

use super::page_cache::PageCache;
use super::security_headers::SecurityHeaders;
use super::site_assets::SiteAssets;
use crate::maintenance::schedule::{MaintenanceSchedule, MaintenanceStatus};
use axum::extract::{ConnectInfo, Request};
use axum::http::{header, HeaderValue, Method};
use axum::response::Response;
use axum::serve::IncomingStream;
use axum::Router;
use futures_util::future::{Either, Ready};
use std::convert::Infallible;
use std::net::SocketAddr;
use std::sync::Arc;
use std::task::{Context, Poll};
use tokio::net::TcpListener;

pub struct FastPath {
    pub pages: PageCache,
    pub assets: SiteAssets,
    pub security: SecurityHeaders,
    pub maintenance: MaintenanceSchedule,
    pub over_tls: bool,
}

/// The portal as it is served: the fast path, then the router.
#[derive(Clone)]
pub struct Portal {
    fast: Arc<FastPath>,
    router: Router,
}

/// The portal for one connection: what the router is handed carries the
/// peer's address (`ConnectInfo`, as axum's `into_make_service_with_connect_info`
/// adds it), which the fast path's answers never need.
#[derive(Clone)]
pub struct ConnectedPortal {
    portal: Portal,
    peer: SocketAddr,
}

impl Portal {
    pub fn new(fast: FastPath, router: Router) -> Portal {
        Portal { fast: Arc::new(fast), router }
    }

    /// The router alone (the smart-card listener serves it with its own extensions).
    pub fn router(&self) -> Router {
        self.router.clone()
    }
}

impl tower::Service<IncomingStream<'_, TcpListener>> for Portal {
    type Response = ConnectedPortal;
    type Error = Infallible;
    type Future = Ready<Result<ConnectedPortal, Infallible>>;

    fn poll_ready(&mut self, _: &mut Context<'_>) -> Poll<Result<(), Infallible>> {
        Poll::Ready(Ok(()))
    }

    fn call(&mut self, stream: IncomingStream<'_, TcpListener>) -> Self::Future {
        futures_util::future::ready(Ok(ConnectedPortal { portal: self.clone(), peer: *stream.remote_addr() }))
    }
}

impl tower::Service<Request> for ConnectedPortal {
    type Response = Response;
    type Error = Infallible;
    type Future = Either<Ready<Result<Response, Infallible>>, <Router as tower::Service<Request>>::Future>;

    fn poll_ready(&mut self, context: &mut Context<'_>) -> Poll<Result<(), Infallible>> {
        tower::Service::<Request>::poll_ready(&mut self.portal.router, context)
    }

    fn call(&mut self, mut request: Request) -> Self::Future {
        match self.portal.fast.answer(&request) {
            Some(response) => Either::Left(futures_util::future::ready(Ok(response))),
            None => {
                request.extensions_mut().insert(ConnectInfo(self.peer));
                Either::Right(self.portal.router.call(request))
            }
        }
    }
}

impl FastPath {
    /// The answer when it is the same for everyone and at hand, else None.
    fn answer(&self, request: &Request) -> Option<Response> {
        let method = match *request.method() {
            Method::GET => "GET",
            Method::HEAD => "HEAD",
            _ => return None,
        };
        let path = request.uri().path();
        if path.starts_with("/pkg/") {
            let mut response = self.assets.answer(path, request.headers())?;
            response.headers_mut().insert(header::CACHE_CONTROL, HeaderValue::from_static(super::operations::site_asset_cache_control(path)));
            self.security.apply(&mut response, None);
            count(method, "/pkg/{*asset}", &response);
            return Some(response);
        }
        if request.uri().query().is_some() || self.has_session_cookie(request) || !self.maintenance_is_far() {
            return None;
        }
        let (mut response, pattern, policy) = self.pages.answer_kept(path, request.headers(), |scripts| self.security.page_policy(scripts))?;
        self.security.apply(&mut response, Some(policy));
        count(method, pattern, &response);
        Some(response)
    }

    /// A session cookie, even an expired one (the stack clears it), goes the
    /// whole way; read as the session layer reads it.
    fn has_session_cookie(&self, request: &Request) -> bool {
        crate::auth::tokens::cookie_value(request.headers(), crate::auth::sessions::session_cookie_name(self.over_tls)).is_some()
    }

    /// No window announced or under way: pages carry no banner and are served.
    fn maintenance_is_far(&self) -> bool {
        matches!(self.maintenance.status_at(self.maintenance.clock.now_unix_seconds()), MaintenanceStatus::Open)
    }
}

fn count(method: &'static str, route: &'static str, response: &Response) {
    let status = if response.status() == axum::http::StatusCode::NOT_MODIFIED { "304" } else { "200" };
    metrics::counter!("http_requests_total", "method" => method, "route" => route, "status" => status).increment(1);
}
