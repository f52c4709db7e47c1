//! The borrower's portal: signing in, what the bank may do, preferences,
//! contacts made and why, complaints, their choices and their data.

mod account;
mod complaints;
mod contacts;
mod overview;
mod preferences;
mod signin;
pub mod types;

pub use account::{ChoicesPage, DataPage, PasswordPage};
pub use complaints::ComplaintsPage;
pub use contacts::{ContactsPage, ReportPage};
pub use overview::{OverviewPage, who_am_i};
pub(crate) use preferences::PreferencesEditor;
pub use preferences::PreferencesPage;
pub use signin::{ActivatePage, SignInPage, SignOut};
