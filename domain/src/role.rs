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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn roles_read_back_as_written() {
        for role in Role::ALL {
            assert_eq!(role.as_str().parse::<Role>(), Ok(role));
        }
        assert!("boss".parse::<Role>().unwrap_err().contains("auditor"));
    }
}
