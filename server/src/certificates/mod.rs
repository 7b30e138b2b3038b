//! Registry certificates (issue 18, in progress): the registry they are
//! issued from (`registry.rs`, the `RegistrySource` port and the local
//! registry) and the demo's synthetic population (`demo_registry.rs`).

pub mod demo_registry;
pub mod registry;
