//! Small presentational components shared by the routes.

pub mod empty_state;
pub mod filter_bar;
pub mod job_table;
pub mod site_footer;
pub mod site_header;
