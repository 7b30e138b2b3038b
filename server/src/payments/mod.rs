//! pagoPA payments, the server's half: `positions.rs` opens a debt position
//! once per debt, with the next notice number of the configured segregation
//! code.

pub mod positions;
