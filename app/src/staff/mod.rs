//! The staff portal: sign-in with a second factor, and pages by role. Every
//! page and server function asks the server whether the signed-in role may
//! do what it is about to; the menu only leaves out what would be refused.

mod accounts;
mod audit;
mod campaign_list;
mod change_for_customer;
#[cfg(feature = "ssr")]
mod charts;
mod complaints;
mod customer_file;
mod customers;
mod dashboard;
mod extra_care;
mod inbound;
mod keys;
mod national_list;
mod password;
mod policy;
mod signin;
pub mod types;
#[cfg(feature = "hydrate")]
mod upload;

pub use accounts::AccountsPage;
pub use audit::AuditPage;
pub use campaign_list::CampaignListPage;
pub use change_for_customer::ChangeForCustomerPage;
pub(crate) use change_for_customer::SaveOnBehalf;
pub use complaints::{ComplaintPage, ComplaintsQueuePage};
pub use customer_file::CustomerPage;
pub use customers::CustomersPage;
pub use dashboard::DashboardPage;
pub use inbound::InboundPage;
pub use keys::KeysPage;
pub use national_list::NationalListPage;
pub use password::StaffPasswordPage;
pub use policy::PolicyPage;
pub use signin::{StaffSignInPage, StaffSignOut, staff_me};

use reachguard_domain::StaffAction;

use crate::i18n::W;

/// The staff pages by path, with what a role must be allowed to open each
/// and its name in the menu. The server's guard and the menu both read it.
pub const PAGES: [(&str, StaffAction, W); 10] = [
    ("/staff", StaffAction::ViewDashboard, W::Dashboard),
    ("/staff/customers", StaffAction::ViewCustomers, W::Customers),
    (
        "/staff/inbound",
        StaffAction::ViewInbound,
        W::InboundMessages,
    ),
    (
        "/staff/complaints",
        StaffAction::ViewComplaints,
        W::ComplaintsQueue,
    ),
    (
        "/staff/campaign-list",
        StaffAction::CheckCampaignList,
        W::CampaignList,
    ),
    ("/staff/policy", StaffAction::ViewPolicy, W::Policy),
    (
        "/staff/national-list",
        StaffAction::ViewNationalList,
        W::NationalList,
    ),
    ("/staff/keys", StaffAction::ViewApiKeys, W::ApiKeys),
    ("/staff/accounts", StaffAction::ViewStaff, W::StaffAccounts),
    ("/staff/audit", StaffAction::ViewAudit, W::AuditLog),
];

/// A line on the start page about what each page is for.
pub fn page_explain(page: W) -> W {
    match page {
        W::Customers => W::CustomersExplain,
        W::InboundMessages => W::InboundMessagesExplain,
        W::NationalList => W::NationalListExplain,
        W::CampaignList => W::CampaignListExplain,
        W::Policy => W::PolicyExplain,
        W::ComplaintsQueue => W::ComplaintsQueueExplain,
        W::ApiKeys => W::ApiKeysExplain,
        W::StaffAccounts => W::StaffAccountsExplain,
        W::AuditLog => W::AuditLogExplain,
        other => other,
    }
}

/// What a role must be allowed to open the page at `path`; `None` for
/// paths that are not staff pages (or are the sign-in page).
pub fn page_action(path: &str) -> Option<StaffAction> {
    let path = path.trim_end_matches('/');
    // Every role may change its own password.
    if path == "/staff/password" {
        return Some(StaffAction::ViewDashboard);
    }
    // Recording a change for a customer: /staff/customers/<number>/change.
    if path.starts_with("/staff/customers/") && path.ends_with("/change") {
        return Some(StaffAction::ChangeOnBehalf);
    }
    PAGES
        .iter()
        .filter(|(page, _, _)| *page != "/staff")
        .find(|(page, _, _)| path == *page || path.starts_with(&format!("{page}/")))
        .map(|(_, action, _)| *action)
        .or_else(|| (path == "/staff").then_some(StaffAction::ViewDashboard))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_staff_page_names_what_it_needs() {
        assert_eq!(page_action("/staff"), Some(StaffAction::ViewDashboard));
        assert_eq!(page_action("/staff/"), Some(StaffAction::ViewDashboard));
        assert_eq!(page_action("/staff/keys"), Some(StaffAction::ViewApiKeys));
        assert_eq!(page_action("/staff/audit/x"), Some(StaffAction::ViewAudit));
        assert_eq!(page_action("/staff/keysmith"), None);
        assert_eq!(
            page_action("/staff/customers/C1"),
            Some(StaffAction::ViewCustomers)
        );
        assert_eq!(
            page_action("/staff/customers/C1/change"),
            Some(StaffAction::ChangeOnBehalf)
        );
        assert_eq!(page_action("/my"), None);
    }
}
