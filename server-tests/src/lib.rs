//! The portal's integration tests (`tests/integration/`) and the benchmarks'
//! examples (`examples/`) live in this package of their own so that they
//! compile without optimisation, unlike the `server` library they
//! drive (see the workspace's `[profile.release.package.server-tests]`).
//! The package has no code of its own.
