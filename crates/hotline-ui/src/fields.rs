//! A posted form as name/value pairs, and parsing its values at the edge with messages a person
//! can act on. Pairs rather than a struct: multi-selects repeat a name, and a bad value should
//! become a message naming the field, not a rejection.
use axum::extract::{FromRequest, Request};

use crate::error::UiError;

#[derive(Debug, Default, Clone)]
pub struct Fields(pub Vec<(String, String)>);

impl<S: Send + Sync> FromRequest<S> for Fields {
    type Rejection = UiError;

    async fn from_request(req: Request, state: &S) -> Result<Self, UiError> {
        match axum::Form::<Vec<(String, String)>>::from_request(req, state).await {
            // No database stores a NUL character in text: refused here, not failed there.
            Ok(axum::Form(pairs))
                if pairs
                    .iter()
                    .any(|(k, v)| k.contains('\0') || v.contains('\0')) =>
            {
                Err(UiError::Invalid(
                    "表单内容含有 NUL 字符,请删除后再提交".into(),
                ))
            }
            Ok(axum::Form(pairs)) => Ok(Fields(pairs)),
            Err(e) => Err(UiError::BadRequest(format!("表单内容无法读取:{e}"))),
        }
    }
}

/// A number in the address (`/tickets/{id}`), or a message naming what it should identify
/// (`what`: 工单号, 单位编号…).
pub fn path_id(id: &str, what: &str) -> Result<i64, UiError> {
    id.parse()
        .map_err(|_| UiError::Invalid(format!("{what}「{id}」不正确")))
}

impl Fields {
    /// The first value of a field, or "" when absent.
    pub fn get(&self, name: &str) -> &str {
        self.0
            .iter()
            .find(|(k, _)| k == name)
            .map(|(_, v)| v.as_str())
            .unwrap_or("")
    }

    /// The trimmed value, `None` when empty.
    pub fn opt(&self, name: &str) -> Option<String> {
        let v = self.get(name).trim();
        (!v.is_empty()).then(|| v.to_string())
    }

    /// Every non-empty value of a repeated field.
    pub fn all(&self, name: &str) -> Vec<&str> {
        self.0
            .iter()
            .filter(|(k, v)| k == name && !v.trim().is_empty())
            .map(|(_, v)| v.as_str())
            .collect()
    }

    pub fn checked(&self, name: &str) -> bool {
        matches!(self.get(name), "on" | "true" | "1" | "yes")
    }

    /// A required text field.
    pub fn text(&self, name: &str, label: &str) -> Result<String, UiError> {
        self.opt(name)
            .ok_or_else(|| UiError::Invalid(format!("请填写「{label}」")))
    }

    /// An integer field; `label` names it in the message.
    pub fn int<T: std::str::FromStr>(&self, name: &str, label: &str) -> Result<T, UiError> {
        let v = self.get(name).trim();
        if v.is_empty() {
            return Err(UiError::Invalid(format!("请填写「{label}」")));
        }
        v.parse()
            .map_err(|_| UiError::Invalid(format!("「{label}」应为数字,收到的是「{v}」")))
    }

    pub fn opt_int<T: std::str::FromStr>(
        &self,
        name: &str,
        label: &str,
    ) -> Result<Option<T>, UiError> {
        if self.get(name).trim().is_empty() {
            return Ok(None);
        }
        self.int(name, label).map(Some)
    }

    /// Every value of a repeated field of a closed set (checkboxes), each checked.
    pub fn choices<T>(
        &self,
        name: &str,
        label: &str,
        parse: impl Fn(&str) -> Option<T>,
    ) -> Result<Vec<T>, UiError> {
        self.all(name)
            .into_iter()
            .map(|v| parse(v).ok_or_else(|| UiError::Invalid(format!("{label}「{v}」不正确"))))
            .collect()
    }

    /// A value of a closed set (`parse` accepts the code or the Chinese label).
    pub fn choice<T>(
        &self,
        name: &str,
        label: &str,
        parse: impl Fn(&str) -> Option<T>,
    ) -> Result<T, UiError> {
        let v = self.get(name).trim();
        if v.is_empty() {
            return Err(UiError::Invalid(format!("请选择「{label}」")));
        }
        parse(v).ok_or_else(|| UiError::Invalid(format!("「{label}」的取值「{v}」不正确")))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn f(pairs: &[(&str, &str)]) -> Fields {
        Fields(
            pairs
                .iter()
                .map(|(k, v)| (k.to_string(), v.to_string()))
                .collect(),
        )
    }

    #[test]
    fn repeated_names_give_every_value_and_bad_numbers_name_the_field() {
        let form = f(&[("u", "3"), ("u", ""), ("u", "5"), ("n", "x")]);
        assert_eq!(form.all("u"), vec!["3", "5"]);
        let err = form.int::<i64>("n", "工作日").unwrap_err().to_string();
        assert!(err.contains("工作日") && err.contains('x'), "{err}");
        assert!(form.text("missing", "诉求").is_err());
    }
}
