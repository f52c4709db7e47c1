//! Finding customers for staff: by customer number, by phone, or by the
//! start of their name, each answered from an index.

use reachguard_domain::{CustomerId, Phone};

use crate::{Database, StorageError, with_pool};

/// A customer as a search lists them.
#[derive(Debug, Clone, PartialEq, Eq, sqlx::FromRow)]
pub struct CustomerHit {
    pub customer_id: String,
    pub name: String,
    /// The first phone, if any.
    pub phone: Option<String>,
}

/// The phone a member of staff typed, in E.164: `+86…` as typed, or a
/// mainland mobile of 11 digits from 1 without its country code.
fn typed_phone(text: &str) -> Option<Phone> {
    let digits: String = text
        .chars()
        .filter(|c| !c.is_whitespace() && *c != '-')
        .collect();
    if digits.starts_with('+') {
        return Phone::parse(&digits).ok();
    }
    let mainland =
        digits.len() == 11 && digits.starts_with('1') && digits.bytes().all(|b| b.is_ascii_digit());
    mainland
        .then(|| Phone::parse(&format!("+86{digits}")).ok())
        .flatten()
}

const HIT_COLUMNS: &str = "c.customer_id, c.name,
    (SELECT p.phone FROM customer_phones p WHERE p.customer_id = c.customer_id ORDER BY p.position LIMIT 1) AS phone";

impl Database {
    /// Customers whose number or phone is `text`, then those whose name
    /// starts with it, by name, at most `limit`.
    pub async fn search_customers(
        &self,
        text: &str,
        limit: i64,
    ) -> Result<Vec<CustomerHit>, StorageError> {
        let text = text.trim();
        if text.is_empty() {
            return Ok(Vec::new());
        }
        let mut hits: Vec<CustomerHit> = Vec::new();
        if let Ok(id) = CustomerId::parse(text) {
            let sql = format!("SELECT {HIT_COLUMNS} FROM customers c WHERE c.customer_id = $1");
            for id in [id.as_str().to_owned(), id.as_str().to_ascii_uppercase()] {
                let found: Option<CustomerHit> = with_pool!(self, pool => sqlx::query_as(&sql)
                    .bind(&id)
                    .fetch_optional(pool)
                    .await)?;
                hits.extend(found);
            }
        }
        if let Some(phone) = typed_phone(text) {
            let sql = format!(
                "SELECT {HIT_COLUMNS} FROM customers c
                 JOIN customer_phones q ON q.customer_id = c.customer_id WHERE q.phone = $1"
            );
            let found: Vec<CustomerHit> = with_pool!(self, pool => sqlx::query_as(&sql)
                .bind(phone.as_str())
                .fetch_all(pool)
                .await)?;
            hits.extend(found);
        }
        // Every name from `text` up to `text` followed by the last code
        // point: the names that start with it, read off the index.
        let name = match self {
            Database::Sqlite(_) => "c.name",
            Database::Postgres(_) => "c.name COLLATE \"C\"",
        };
        let sql = format!(
            "SELECT {HIT_COLUMNS} FROM customers c
             WHERE {name} >= $1 AND {name} < $2 ORDER BY {name}, c.customer_id LIMIT $3"
        );
        let found: Vec<CustomerHit> = with_pool!(self, pool => sqlx::query_as(&sql)
            .bind(text)
            .bind(format!("{text}\u{10FFFF}"))
            .bind(limit)
            .fetch_all(pool)
            .await)?;
        hits.extend(found);
        let mut seen = std::collections::HashSet::new();
        hits.retain(|hit| seen.insert(hit.customer_id.clone()));
        hits.truncate(usize::try_from(limit).unwrap_or(0));
        Ok(hits)
    }
}

#[cfg(test)]
mod tests {
    use super::typed_phone;

    #[test]
    fn a_mainland_mobile_is_read_with_or_without_its_country_code() {
        for typed in [
            "13800138000",
            "138 0013 8000",
            "+8613800138000",
            "138-0013-8000",
        ] {
            assert_eq!(
                typed_phone(typed).unwrap().as_str(),
                "+8613800138000",
                "{typed}"
            );
        }
        assert_eq!(typed_phone("王"), None);
        assert_eq!(typed_phone("DEMO0001"), None);
        assert_eq!(typed_phone("12345"), None);
    }
}
