//! Registry certificates (issue 18, in progress): the registry's data types
//! shared by the server and the pages.

pub mod registry;
