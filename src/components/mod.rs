//! Small presentational components shared by the routes.

pub mod api_notices;
pub mod empty_state;
pub mod filter_bar;
pub mod job_table;
pub mod settings_panel;
pub mod site_footer;
pub mod site_header;
