//! The build's CSS, JS and WASM (`/pkg`), read once at start and answered
//! from memory: the plain bytes and the brotli and gzip files the build
//! wrote beside them (`./sportello`'s `precompress_site_assets`), each with
//! its length and an ETag, a 304 for a browser that has them. ServeDir
//! opened, statted and probed three files on a blocking thread for every
//! request (2,268 CSS requests/s against nginx's 100,704 in one run).
//! A build replaces the folder and restarts the server; nothing here
//! watches it.

use super::page_cache::{accepted_encodings, if_none_match_names};
use axum::body::{Body, Bytes};
use axum::extract::{Request, State};
use axum::http::{header, HeaderValue, Method, StatusCode};
use axum::response::{IntoResponse, Response};
use std::collections::HashMap;
use std::path::Path;
use std::sync::Arc;

struct Asset {
    content_type: &'static str,
    /// The first 20 hex digits of the plain bytes' SHA-256 (`-br`, `-gz` after it for the others).
    tag: String,
    plain: Bytes,
    brotli: Option<Bytes>,
    gzip: Option<Bytes>,
    /// `ETag` of the plain, gzip and brotli bytes, made once.
    etags: [HeaderValue; 3],
}

/// Every file under the site's `pkg` folder, by its path (`/pkg/…`).
#[derive(Clone, Default)]
pub struct SiteAssets(Arc<HashMap<String, Asset>>);

impl SiteAssets {
    /// Reads `pkg` (a missing folder: no assets; a server without a built site still answers pages).
    pub fn load(pkg: &Path) -> SiteAssets {
        let mut assets = HashMap::new();
        read_folder(pkg, "/pkg", &mut assets);
        SiteAssets(Arc::new(assets))
    }

    pub fn len(&self) -> usize {
        self.0.len()
    }

    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }
}

fn read_folder(folder: &Path, prefix: &str, assets: &mut HashMap<String, Asset>) {
    let Ok(entries) = std::fs::read_dir(folder) else { return };
    for entry in entries.flatten() {
        let path = entry.path();
        let Some(name) = path.file_name().and_then(|name| name.to_str()).map(str::to_string) else { continue };
        if path.is_dir() {
            read_folder(&path, &format!("{prefix}/{name}"), assets);
            continue;
        }
        // A compressed file goes with its plain one.
        if name.ends_with(".br") || name.ends_with(".gz") {
            continue;
        }
        let Ok(plain) = std::fs::read(&path) else { continue };
        let sibling = |suffix: &str| std::fs::read(folder.join(format!("{name}{suffix}"))).ok().map(Bytes::from);
        let tag = crate::auth::tokens::sha256_hex(&plain)[..20].to_string();
        let etag = |suffix: &str| HeaderValue::from_str(&format!("\"{tag}{suffix}\"")).unwrap_or(HeaderValue::from_static("\"\""));
        assets.insert(
            format!("{prefix}/{name}"),
            Asset {
                content_type: content_type(&name),
                etags: [etag(""), etag("-gz"), etag("-br")],
                tag,
                brotli: sibling(".br"),
                gzip: sibling(".gz"),
                plain: Bytes::from(plain),
            },
        );
    }
}

fn content_type(name: &str) -> &'static str {
    match name.rsplit('.').next().unwrap_or_default() {
        "css" => "text/css; charset=utf-8",
        "js" => "text/javascript; charset=utf-8",
        "wasm" => "application/wasm",
        "json" => "application/json",
        "ts" => "text/plain; charset=utf-8",
        _ => "application/octet-stream",
    }
}

/// `/pkg/…`: the asset in the best encoding the browser takes, or 304, or 404.
pub async fn serve_site_asset(State(assets): State<SiteAssets>, request: Request) -> Response {
    if !matches!(*request.method(), Method::GET | Method::HEAD) {
        return StatusCode::METHOD_NOT_ALLOWED.into_response();
    }
    assets.answer(request.uri().path(), request.headers()).unwrap_or_else(|| StatusCode::NOT_FOUND.into_response())
}

impl SiteAssets {
    /// The asset at `path` as these headers ask for it (None: no such asset).
    pub(crate) fn answer(&self, path: &str, asked: &axum::http::HeaderMap) -> Option<Response> {
        let asset = self.0.get(path)?;
        let accepted = accepted_encodings(asked);
        let (bytes, etag, coding) = match (&asset.brotli, &asset.gzip) {
            (Some(brotli), _) if accepted.brotli => (brotli, &asset.etags[2], Some("br")),
            (_, Some(gzip)) if accepted.gzip => (gzip, &asset.etags[1], Some("gzip")),
            _ => (&asset.plain, &asset.etags[0], None),
        };
        let not_modified = asked.get(header::IF_NONE_MATCH).and_then(|value| value.to_str().ok()).is_some_and(|tags| if_none_match_names(tags, &asset.tag));
        let mut response = if not_modified { StatusCode::NOT_MODIFIED.into_response() } else { Response::new(Body::from(bytes.clone())) };
        let headers = response.headers_mut();
        // Room for every header the answer and the security headers add: no regrowth.
        headers.reserve(16);
        if !not_modified {
            headers.insert(header::CONTENT_TYPE, HeaderValue::from_static(asset.content_type));
            if let Some(coding) = coding {
                headers.insert(header::CONTENT_ENCODING, HeaderValue::from_static(coding));
            }
        }
        headers.insert(header::ETAG, etag.clone());
        headers.insert(header::VARY, HeaderValue::from_static("accept-encoding"));
        Some(response)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    struct TemporaryFolder(std::path::PathBuf);

    impl TemporaryFolder {
        fn path(&self) -> &Path {
            &self.0
        }
    }

    impl Drop for TemporaryFolder {
        fn drop(&mut self) {
            let _ = std::fs::remove_dir_all(&self.0);
        }
    }

    #[test]
    fn assets_are_read_with_their_compressed_files() {
        let folder = TemporaryFolder(std::env::temp_dir().join(format!("sportello-assets-{}", uuid::Uuid::new_v4().simple())));
        std::fs::create_dir_all(folder.path().join("snippets/x")).unwrap();
        std::fs::write(folder.path().join("site.css"), "body{}").unwrap();
        std::fs::write(folder.path().join("site.css.br"), "br").unwrap();
        std::fs::write(folder.path().join("site.wasm"), [0u8, 97, 115, 109]).unwrap();
        std::fs::write(folder.path().join("snippets/x/inline0.js"), "export {}").unwrap();
        let assets = SiteAssets::load(folder.path());
        assert_eq!(assets.len(), 3, "the compressed files are not assets of their own");
        let css = &assets.0["/pkg/site.css"];
        assert_eq!((css.content_type, css.brotli.as_deref(), css.gzip.as_deref()), ("text/css; charset=utf-8", Some(&b"br"[..]), None));
        assert_eq!(assets.0["/pkg/site.wasm"].content_type, "application/wasm");
        assert!(assets.0.contains_key("/pkg/snippets/x/inline0.js"));
        assert!(SiteAssets::load(&folder.path().join("missing")).is_empty());
    }
}
