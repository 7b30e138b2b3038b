//! A `WHERE` clause built from a listing's filters, with its values bound
//! in order: the practices' inbox and archive and the reports' lists share it.

/// A value bound to a [`SqlFilter`] placeholder.
#[derive(Clone, Debug, PartialEq)]
pub enum SqlValue {
    Text(String),
    Integer(i64),
}

/// A `WHERE` clause built from the filters a person chose: each condition's
/// `?` becomes the next `$n`, and the values are bound in the same order, so
/// the count and the page of a listing always agree.
#[derive(Debug, Default)]
pub struct SqlFilter {
    conditions: Vec<String>,
    values: Vec<SqlValue>,
}

impl SqlFilter {
    fn next_placeholder(&mut self, value: SqlValue) -> String {
        self.values.push(value);
        format!("${}", self.values.len())
    }

    /// A condition without values.
    pub fn fixed(&mut self, condition: &str) {
        self.conditions.push(condition.to_string());
    }

    /// A condition on a text value: every `?` in it stands for that value.
    pub fn text(&mut self, condition: &str, value: impl Into<String>) {
        let placeholder = self.next_placeholder(SqlValue::Text(value.into()));
        self.conditions.push(condition.replace('?', &placeholder));
    }

    /// A condition on an integer value: every `?` in it stands for that value.
    pub fn integer(&mut self, condition: &str, value: i64) {
        let placeholder = self.next_placeholder(SqlValue::Integer(value));
        self.conditions.push(condition.replace('?', &placeholder));
    }

    /// A condition with one `?` standing for a list of text values (`IN (?)`).
    pub fn text_list(&mut self, condition: &str, values: &[String]) {
        let placeholders: Vec<String> = values.iter().map(|value| self.next_placeholder(SqlValue::Text(value.clone()))).collect();
        self.conditions.push(condition.replacen('?', &placeholders.join(", "), 1));
    }

    /// The conditions joined with `AND` (`1 = 1` when there are none).
    pub fn where_clause(&self) -> String {
        if self.conditions.is_empty() {
            "1 = 1".to_string()
        } else {
            self.conditions.join(" AND ")
        }
    }

    pub fn bind<'q>(
        &self,
        mut query: sqlx::query::Query<'q, sqlx::Any, sqlx::any::AnyArguments<'q>>,
    ) -> sqlx::query::Query<'q, sqlx::Any, sqlx::any::AnyArguments<'q>> {
        for value in &self.values {
            query = match value {
                SqlValue::Text(text) => query.bind(text.clone()),
                SqlValue::Integer(number) => query.bind(*number),
            };
        }
        query
    }

    pub fn bind_scalar<'q, O>(
        &self,
        mut query: sqlx::query::QueryScalar<'q, sqlx::Any, O, sqlx::any::AnyArguments<'q>>,
    ) -> sqlx::query::QueryScalar<'q, sqlx::Any, O, sqlx::any::AnyArguments<'q>> {
        for value in &self.values {
            query = match value {
                SqlValue::Text(text) => query.bind(text.clone()),
                SqlValue::Integer(number) => query.bind(*number),
            };
        }
        query
    }
}

#[cfg(test)]
mod sql_filter_tests {
    use super::{SqlFilter, SqlValue};

    #[test]
    fn placeholders_follow_the_values_in_order() {
        let mut filter = SqlFilter::default();
        filter.text_list("p.office IN (?)", &["a".to_string(), "b".to_string()]);
        filter.fixed("p.status <> 'withdrawn'");
        filter.text("p.procedure_slug = ?", "tari");
        filter.integer("p.protocol_year = ?", 2026);
        filter.text("(p.due_on < ? OR p.deadline < ?)", "2026-11-27");
        assert_eq!(
            filter.where_clause(),
            "p.office IN ($1, $2) AND p.status <> 'withdrawn' AND p.procedure_slug = $3 AND p.protocol_year = $4 AND (p.due_on < $5 OR p.deadline < $5)"
        );
        assert_eq!(filter.values.len(), 5);
        assert_eq!(filter.values[3], SqlValue::Integer(2026));
        assert_eq!(SqlFilter::default().where_clause(), "1 = 1");
    }
}
