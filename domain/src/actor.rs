//! Who made a change, as the consent ledger names them: the customer, a
//! member of staff, or a bank system.

use std::fmt;
use std::str::FromStr;

/// Who made a change: `customer`, `staff:<username>` or `system:<name>`.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum Actor {
    Customer,
    Staff(String),
    System(String),
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("use `customer`, `staff:<username>` or `system:<name>`")]
pub struct BadActor;

impl Actor {
    /// A name after `staff:` or `system:`: 1 to 64 characters, none of
    /// them spaces or control characters.
    fn valid_name(name: &str) -> bool {
        !name.is_empty()
            && name.chars().count() <= 64
            && !name.chars().any(|c| c.is_whitespace() || c.is_control())
    }

    pub fn staff(username: &str) -> Result<Actor, BadActor> {
        Actor::valid_name(username)
            .then(|| Actor::Staff(username.to_owned()))
            .ok_or(BadActor)
    }

    pub fn system(name: &str) -> Result<Actor, BadActor> {
        Actor::valid_name(name)
            .then(|| Actor::System(name.to_owned()))
            .ok_or(BadActor)
    }
}

impl fmt::Display for Actor {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Actor::Customer => f.write_str("customer"),
            Actor::Staff(name) => write!(f, "staff:{name}"),
            Actor::System(name) => write!(f, "system:{name}"),
        }
    }
}

impl FromStr for Actor {
    type Err = BadActor;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        if s == "customer" {
            return Ok(Actor::Customer);
        }
        match s.split_once(':') {
            Some(("staff", name)) => Actor::staff(name),
            Some(("system", name)) => Actor::system(name),
            _ => Err(BadActor),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn actors_read_back_as_they_are_written() {
        for text in ["customer", "staff:wang", "system:crm"] {
            assert_eq!(text.parse::<Actor>().unwrap().to_string(), text);
        }
    }

    #[test]
    fn an_actor_names_the_customer_staff_or_a_system() {
        for text in [
            "",
            "bob",
            "staff:",
            "system:two words",
            "staff:wang\0",
            "admin:x",
        ] {
            assert_eq!(text.parse::<Actor>(), Err(BadActor), "{text:?}");
        }
    }
}
