//! Registry certificates: the registry they are issued from (`registry.rs`,
//! the `RegistrySource` port and the local registry), the demo's synthetic
//! population (`demo_registry.rs`), the rules applied and the certificate
//! made (`issuing.rs`), its PDF/A and canonical content (`document.rs`), the
//! seal (`seal.rs`), the records (`store.rs`), the pages' port (`port.rs`)
//! and the handlers (`routes.rs`).

pub mod demo_registry;
pub mod document;
pub mod issuing;
pub mod port;
pub mod registry;
pub mod routes;
pub mod seal;
pub mod store;
