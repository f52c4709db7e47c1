//! A customer's identity and contact data, validated at the edge.

use std::fmt;

use serde::{Deserialize, Serialize};

/// The bank's customer number: 1 to 64 of `A-Z a-z 0-9 _ -`.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
#[serde(transparent)]
pub struct CustomerId(String);

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("`{0}` is not a customer number: use 1 to 64 of A-Z, a-z, 0-9, _ and -")]
pub struct BadCustomerId(pub String);

impl CustomerId {
    pub fn parse(s: &str) -> Result<CustomerId, BadCustomerId> {
        let valid = (1..=64).contains(&s.len())
            && s.bytes()
                .all(|b| b.is_ascii_alphanumeric() || b == b'_' || b == b'-');
        if valid {
            Ok(CustomerId(s.to_owned()))
        } else {
            Err(BadCustomerId(s.chars().take(80).collect()))
        }
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl fmt::Display for CustomerId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl<'de> Deserialize<'de> for CustomerId {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let s = String::deserialize(deserializer)?;
        CustomerId::parse(&s).map_err(serde::de::Error::custom)
    }
}

/// A phone number in E.164 form (`+8613800138000`), checked against the
/// numbering plan of its country.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
#[serde(transparent)]
pub struct Phone(String);

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("`{0}` is not a valid phone number in E.164 form, such as +8613800138000")]
pub struct BadPhone(pub String);

impl Phone {
    pub fn parse(s: &str) -> Result<Phone, BadPhone> {
        let bad = || BadPhone(s.chars().take(40).collect());
        // E.164 is `+` and at most 15 digits; anything else is refused before
        // the numbering plan is consulted.
        let digits = s.strip_prefix('+').ok_or_else(bad)?;
        if digits.is_empty() || digits.len() > 15 || !digits.bytes().all(|b| b.is_ascii_digit()) {
            return Err(bad());
        }
        let number = phonenumber::parse(None, s).map_err(|_| bad())?;
        if !phonenumber::is_valid(&number) {
            return Err(bad());
        }
        Ok(Phone(
            number.format().mode(phonenumber::Mode::E164).to_string(),
        ))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl fmt::Display for Phone {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl<'de> Deserialize<'de> for Phone {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let s = String::deserialize(deserializer)?;
        Phone::parse(&s).map_err(serde::de::Error::custom)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn customer_numbers_of_the_allowed_characters_are_accepted() {
        for id in ["C001", "a", "borrower_42-x", &"9".repeat(64)] {
            assert_eq!(CustomerId::parse(id).unwrap().as_str(), id);
        }
    }

    #[test]
    fn other_customer_numbers_are_refused() {
        for id in ["", "C 001", "C001!", "客户", &"9".repeat(65), "../etc"] {
            assert!(CustomerId::parse(id).is_err(), "{id:?}");
        }
    }

    #[test]
    fn valid_e164_numbers_are_accepted() {
        for phone in ["+8613800138000", "+12125551234", "+442079460958"] {
            assert_eq!(Phone::parse(phone).unwrap().as_str(), phone);
        }
    }

    #[test]
    fn numbers_not_in_e164_or_not_in_the_plan_are_refused() {
        for phone in [
            "13800138000",
            "+86 138 0013 8000",
            "+1",
            "+999123456789",
            "+861380013800012345",
            "+8613800",
            "",
        ] {
            assert!(Phone::parse(phone).is_err(), "{phone:?}");
        }
    }
}
