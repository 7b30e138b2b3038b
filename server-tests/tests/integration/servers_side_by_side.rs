//! Several servers in one process, each in its own runtime, started while the
//! others answer pages: how the integration tests run. Generating the route
//! table while another server rendered once left a render waiting forever for
//! its resources (a CI run hung on it); every page here must answer in time.

use crate::support::*;
use std::time::Duration;

const SERVERS_AT_ONCE: usize = 4;
const SERVERS_EACH: usize = 15;
const PAGES_WITH_RESOURCES: [&str; 3] = ["/", "/servizi/non-esiste", "/argomenti/tributi"];

#[test]
fn servers_started_side_by_side_answer_every_page() {
    let _watchdog = Watchdog::start("servers_started_side_by_side_answer_every_page");
    let workers: Vec<_> = (0..SERVERS_AT_ONCE)
        .map(|_| {
            std::thread::spawn(|| {
                let mut unanswered = Vec::new();
                for _ in 0..SERVERS_EACH {
                    let runtime = tokio::runtime::Builder::new_multi_thread().worker_threads(2).enable_all().build().expect("runtime");
                    runtime.block_on(async {
                        let server = TestServer::start(Backend::Sqlite).await;
                        for path in PAGES_WITH_RESOURCES {
                            match tokio::time::timeout(Duration::from_secs(20), server.get_text(path)).await {
                                Ok((status, html)) => assert!(html.contains("</html>"), "{path} answered {status} without a page"),
                                Err(_) => unanswered.push(path),
                            }
                        }
                        if tokio::time::timeout(Duration::from_secs(20), server.stop()).await.is_err() {
                            unanswered.push("(shutdown)");
                        }
                    });
                }
                unanswered
            })
        })
        .collect();
    let unanswered: Vec<&str> = workers.into_iter().flat_map(|worker| worker.join().expect("worker")).collect();
    assert!(unanswered.is_empty(), "pages that never answered: {unanswered:?}");
}
