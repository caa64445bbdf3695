//! Small presentational components shared by the routes.

pub mod api_notices;
pub mod cancel_dialog;
pub mod copy_button;
pub mod empty_state;
pub mod field;
pub mod filter_bar;
pub mod insights;
pub mod job_drawer;
pub mod job_table;
pub mod lazy;
pub mod list_toolbar;
pub mod parts_style;
pub mod settings_panel;
pub mod site_footer;
pub mod site_header;
pub mod time;
pub mod unreadable_rows;
