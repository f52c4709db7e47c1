//! Staff roles: what a member of staff may do (contract section 6).

use std::fmt;
use std::str::FromStr;

/// A member of staff's role.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Role {
    /// Finds and views customers; records changes they ask for by phone or
    /// in a branch.
    Agent,
    /// An agent who also sets policy, loads the national list and works
    /// complaints.
    Supervisor,
    /// Reads everything, changes nothing.
    Auditor,
    /// Also manages staff accounts and API keys.
    Admin,
}

impl Role {
    pub const ALL: [Role; 4] = [Role::Admin, Role::Supervisor, Role::Agent, Role::Auditor];

    pub fn as_str(self) -> &'static str {
        match self {
            Role::Agent => "agent",
            Role::Supervisor => "supervisor",
            Role::Auditor => "auditor",
            Role::Admin => "admin",
        }
    }
}

impl fmt::Display for Role {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl FromStr for Role {
    type Err = String;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Role::ALL
            .into_iter()
            .find(|role| role.as_str() == s)
            .ok_or_else(|| {
                format!("unknown role `{s}`: expected admin, supervisor, agent or auditor")
            })
    }
}

/// Something a member of staff may be allowed to do. Every page, server
/// function and export of the staff portal asks [`Role::may`] for one of
/// these before it reads or changes anything.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum StaffAction {
    /// The dashboard and its charts.
    ViewDashboard,
    /// Find customers and open a customer's page.
    ViewCustomers,
    /// Record a change a customer asked for by phone or in a branch.
    ChangeOnBehalf,
    /// Read the SMS messages that were no keyword, or from unknown numbers.
    ViewInbound,
    /// Mark such a message handled, with a note.
    HandleInbound,
    /// Lift a borrower's sign-in lock (the borrower asked, having proved
    /// who they are).
    UnlockBorrower,
    /// Put extra care in place for a customer, change it or end it.
    SetExtraCare,
    /// Read the policy and its versions.
    ViewPolicy,
    /// Make a new policy version.
    ChangePolicy,
    /// Read the national list's size and uploads.
    ViewNationalList,
    /// Upload a new national list.
    UploadNationalList,
    /// Check a campaign list: every row judged (and kept) as a decision.
    CheckCampaignList,
    /// Read the complaints queue.
    ViewComplaints,
    /// Assign, extend and answer complaints.
    WorkComplaints,
    /// Read the API keys (never a secret).
    ViewApiKeys,
    /// Create and revoke API keys.
    ManageApiKeys,
    /// Read the staff accounts.
    ViewStaff,
    /// Create, disable and change staff accounts; reset a second factor.
    ManageStaff,
    /// Read, export and verify the audit log.
    ViewAudit,
}

impl StaffAction {
    pub const ALL: [StaffAction; 19] = [
        StaffAction::ViewDashboard,
        StaffAction::ViewCustomers,
        StaffAction::ChangeOnBehalf,
        StaffAction::ViewInbound,
        StaffAction::HandleInbound,
        StaffAction::UnlockBorrower,
        StaffAction::SetExtraCare,
        StaffAction::ViewPolicy,
        StaffAction::ChangePolicy,
        StaffAction::ViewNationalList,
        StaffAction::UploadNationalList,
        StaffAction::CheckCampaignList,
        StaffAction::ViewComplaints,
        StaffAction::WorkComplaints,
        StaffAction::ViewApiKeys,
        StaffAction::ManageApiKeys,
        StaffAction::ViewStaff,
        StaffAction::ManageStaff,
        StaffAction::ViewAudit,
    ];

    /// Whether the action changes anything (an auditor may do none).
    pub fn changes(self) -> bool {
        matches!(
            self,
            StaffAction::ChangeOnBehalf
                | StaffAction::HandleInbound
                | StaffAction::UnlockBorrower
                | StaffAction::SetExtraCare
                | StaffAction::ChangePolicy
                | StaffAction::UploadNationalList
                | StaffAction::CheckCampaignList
                | StaffAction::WorkComplaints
                | StaffAction::ManageApiKeys
                | StaffAction::ManageStaff
        )
    }

    /// The action's name in the README's table and the audit log.
    pub fn as_str(self) -> &'static str {
        match self {
            StaffAction::ViewDashboard => "view dashboard",
            StaffAction::ViewCustomers => "find and view customers",
            StaffAction::ChangeOnBehalf => "record a change on a customer's behalf",
            StaffAction::ViewInbound => "read customers' SMS messages that were no keyword",
            StaffAction::HandleInbound => "mark such a message handled",
            StaffAction::UnlockBorrower => "lift a borrower's sign-in lock",
            StaffAction::SetExtraCare => "put extra care in place, change or end it",
            StaffAction::ViewPolicy => "view policy",
            StaffAction::ChangePolicy => "change policy",
            StaffAction::ViewNationalList => "view national list",
            StaffAction::UploadNationalList => "upload national list",
            StaffAction::CheckCampaignList => "check a campaign list",
            StaffAction::ViewComplaints => "view complaints",
            StaffAction::WorkComplaints => "work complaints",
            StaffAction::ViewApiKeys => "view API keys",
            StaffAction::ManageApiKeys => "create and revoke API keys",
            StaffAction::ViewStaff => "view staff accounts",
            StaffAction::ManageStaff => "manage staff accounts",
            StaffAction::ViewAudit => "read and verify the audit log",
        }
    }
}

impl Role {
    /// Whether this role may do `action` (contract section 6): an agent
    /// finds and views customers and records their requests; a supervisor
    /// also sets policy, loads the national list and works complaints; an
    /// auditor reads everything and changes nothing; an admin may do what a
    /// supervisor may and also manages staff accounts and API keys.
    pub fn may(self, action: StaffAction) -> bool {
        use StaffAction::*;
        match self {
            Role::Auditor => !action.changes(),
            Role::Agent => matches!(
                action,
                ViewDashboard
                    | ViewCustomers
                    | ChangeOnBehalf
                    | ViewInbound
                    | HandleInbound
                    | UnlockBorrower
                    | SetExtraCare
                    | CheckCampaignList
            ),
            Role::Supervisor => !matches!(
                action,
                ViewApiKeys | ManageApiKeys | ViewStaff | ManageStaff | ViewAudit
            ),
            Role::Admin => true,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_auditor_may_read_everything_and_change_nothing() {
        for action in StaffAction::ALL {
            assert_eq!(Role::Auditor.may(action), !action.changes(), "{action:?}");
        }
    }

    #[test]
    fn each_role_may_do_what_the_one_below_it_may() {
        for action in StaffAction::ALL {
            if Role::Agent.may(action) {
                assert!(Role::Supervisor.may(action), "{action:?}");
            }
            if Role::Supervisor.may(action) {
                assert!(Role::Admin.may(action), "{action:?}");
            }
        }
    }

    /// The README's role x action table says what `Role::may` does, cell
    /// by cell, and names every action.
    #[test]
    fn the_readme_table_matches_the_rules() {
        let readme = include_str!("../../README.md");
        let header = "| action | agent | supervisor | auditor | admin |";
        let table = readme
            .split(header)
            .nth(1)
            .expect("the README has the role table");
        let roles = [Role::Agent, Role::Supervisor, Role::Auditor, Role::Admin];
        let mut seen = Vec::new();
        for line in table.lines().skip(2).take_while(|l| l.starts_with('|')) {
            let cells: Vec<&str> = line.trim_matches('|').split('|').map(str::trim).collect();
            let action = StaffAction::ALL
                .into_iter()
                .find(|a| a.as_str() == cells[0])
                .unwrap_or_else(|| panic!("the README names an unknown action: {}", cells[0]));
            for (role, cell) in roles.iter().zip(&cells[1..]) {
                let says = match *cell {
                    "yes" => true,
                    "no" => false,
                    other => panic!("{other:?} in the README's table"),
                };
                assert_eq!(
                    role.may(action),
                    says,
                    "README: {role} / {}",
                    action.as_str()
                );
            }
            seen.push(action);
        }
        assert_eq!(
            seen,
            StaffAction::ALL,
            "the README lists every action, in order"
        );
    }

    #[test]
    fn only_an_admin_manages_keys_and_staff() {
        for role in Role::ALL {
            for action in [StaffAction::ManageApiKeys, StaffAction::ManageStaff] {
                assert_eq!(role.may(action), role == Role::Admin, "{role} {action:?}");
            }
        }
    }

    #[test]
    fn roles_read_back_as_written() {
        for role in Role::ALL {
            assert_eq!(role.as_str().parse::<Role>(), Ok(role));
        }
        assert!("boss".parse::<Role>().unwrap_err().contains("auditor"));
    }
}
