//! Purposes: why the bank makes contact, and the class that decides how
//! strictly the rules apply.

use std::fmt;
use std::str::FromStr;

use serde::{Deserialize, Deserializer, Serialize, Serializer};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum PurposeClass {
    /// Allowed whenever the channel is available: the customer must hear of
    /// fraud on their account.
    Essential,
    /// Running the customer's loan: they may choose channels and times but
    /// not refuse it entirely.
    Service,
    /// Selling: needs consent (`cn`) or respects refusal (`us`).
    Marketing,
}

/// Why the bank makes contact. Marketing topics beyond the four built in are
/// added by staff, so a marketing purpose carries its topic name.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Purpose {
    SecurityAlert,
    LoanServicing,
    RepaymentReminder,
    Collections,
    Marketing(MarketingTopic),
}

/// The name after `marketing.`: 1 to 32 of `a-z 0-9 _`.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct MarketingTopic(String);

impl MarketingTopic {
    pub fn parse(name: &str) -> Result<MarketingTopic, UnknownPurpose> {
        let valid = (1..=32).contains(&name.len())
            && name
                .bytes()
                .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'_');
        if valid {
            Ok(MarketingTopic(name.to_owned()))
        } else {
            Err(UnknownPurpose(format!("marketing.{name}")))
        }
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl Purpose {
    /// The purposes every bank has, in the order documents list them.
    pub fn built_in() -> Vec<Purpose> {
        let mut purposes = vec![
            Purpose::SecurityAlert,
            Purpose::LoanServicing,
            Purpose::RepaymentReminder,
            Purpose::Collections,
        ];
        purposes.extend(
            ["credit_card", "wealth", "insurance", "loans"]
                .into_iter()
                .map(|topic| Purpose::Marketing(MarketingTopic(topic.to_owned()))),
        );
        purposes
    }

    pub fn class(&self) -> PurposeClass {
        match self {
            Purpose::SecurityAlert => PurposeClass::Essential,
            Purpose::LoanServicing | Purpose::RepaymentReminder | Purpose::Collections => {
                PurposeClass::Service
            }
            Purpose::Marketing(_) => PurposeClass::Marketing,
        }
    }

    pub fn is_essential(&self) -> bool {
        self.class() == PurposeClass::Essential
    }

    pub fn is_marketing(&self) -> bool {
        self.class() == PurposeClass::Marketing
    }
}

impl fmt::Display for Purpose {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Purpose::SecurityAlert => f.write_str("security_alert"),
            Purpose::LoanServicing => f.write_str("loan_servicing"),
            Purpose::RepaymentReminder => f.write_str("repayment_reminder"),
            Purpose::Collections => f.write_str("collections"),
            Purpose::Marketing(topic) => write!(f, "marketing.{}", topic.0),
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error(
    "unknown purpose `{0}`: expected security_alert, loan_servicing, repayment_reminder, \
     collections or marketing.<topic>"
)]
pub struct UnknownPurpose(pub String);

impl FromStr for Purpose {
    type Err = UnknownPurpose;

    /// Parses the purpose's form; whether a marketing topic exists at this
    /// bank is a question for the policy.
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        match s {
            "security_alert" => Ok(Purpose::SecurityAlert),
            "loan_servicing" => Ok(Purpose::LoanServicing),
            "repayment_reminder" => Ok(Purpose::RepaymentReminder),
            "collections" => Ok(Purpose::Collections),
            other => match other.strip_prefix("marketing.") {
                Some(topic) => MarketingTopic::parse(topic).map(Purpose::Marketing),
                None => Err(UnknownPurpose(other.to_owned())),
            },
        }
    }
}

impl Serialize for Purpose {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_str(self)
    }
}

impl<'de> Deserialize<'de> for Purpose {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let name = String::deserialize(deserializer)?;
        name.parse().map_err(serde::de::Error::custom)
    }
}

#[cfg(feature = "openapi")]
crate::string_schema!(
    Purpose,
    "security_alert, loan_servicing, repayment_reminder, collections or marketing.<topic>",
    "marketing.wealth"
);

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_built_in_purposes_have_the_contract_classes() {
        let classes: Vec<_> = Purpose::built_in()
            .iter()
            .map(|p| (p.to_string(), p.class()))
            .collect();
        use PurposeClass::*;
        assert_eq!(
            classes,
            [
                ("security_alert".into(), Essential),
                ("loan_servicing".into(), Service),
                ("repayment_reminder".into(), Service),
                ("collections".into(), Service),
                ("marketing.credit_card".into(), Marketing),
                ("marketing.wealth".into(), Marketing),
                ("marketing.insurance".into(), Marketing),
                ("marketing.loans".into(), Marketing),
            ]
        );
    }

    #[test]
    fn every_built_in_purpose_parses_back_from_its_name() {
        for purpose in Purpose::built_in() {
            assert_eq!(purpose.to_string().parse::<Purpose>(), Ok(purpose));
        }
    }

    #[test]
    fn a_staff_added_marketing_topic_is_a_marketing_purpose() {
        let purpose: Purpose = "marketing.mortgage_refinance".parse().unwrap();
        assert!(purpose.is_marketing());
    }

    #[test]
    fn malformed_purposes_are_refused() {
        for bad in [
            "",
            "marketing.",
            "marketing.Wealth",
            "marketing.a-b",
            "sales",
            "marketing",
        ] {
            assert!(bad.parse::<Purpose>().is_err(), "{bad:?} should be refused");
        }
        let long = format!("marketing.{}", "a".repeat(33));
        assert!(long.parse::<Purpose>().is_err());
    }

    #[test]
    fn purposes_travel_as_their_names_in_json() {
        let json = serde_json::to_string(&Purpose::Collections).unwrap();
        assert_eq!(json, "\"collections\"");
        let back: Purpose = serde_json::from_str("\"marketing.wealth\"").unwrap();
        assert_eq!(back.to_string(), "marketing.wealth");
        assert!(serde_json::from_str::<Purpose>("\"sales\"").is_err());
    }
}
