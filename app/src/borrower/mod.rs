//! The borrower's portal: signing in, what the bank may do, preferences,
//! contacts made and why, complaints, their choices and their data.

mod account;
pub mod api;
mod complaints;
mod contacts;
mod overview;
mod preferences;
#[cfg(feature = "ssr")]
pub(crate) mod server;
mod signin;
pub mod types;

pub use account::{ChoicesPage, DataPage, PasswordPage};
pub use complaints::ComplaintsPage;
pub use contacts::{ContactsPage, ReportPage};
pub use overview::OverviewPage;
pub(crate) use preferences::PreferencesEditor;
pub use preferences::PreferencesPage;
pub use signin::{ActivatePage, SignInPage};
