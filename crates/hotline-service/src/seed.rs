//! What an empty database needs before the first person signs in: the default category tree,
//! the default policy (deadline tiers, clocks) and the hotline centre as the root unit.
use hotline_domain::org::{NewUnit, UnitLevel};
use hotline_store::DynStore;

use crate::{ServiceError, ServiceResult};

pub const CENTRE_CODE: &str = "CENTRE";

pub async fn seed_if_empty(store: &DynStore) -> ServiceResult<()> {
    if store.categories().await?.is_empty() {
        let cats = crate::defaults::default_categories()
            .map_err(|e| ServiceError::invalid("categories", e))?;
        // Over the policy as it is now (none, on an empty database): the defaults' tiers are
        // the default policy's. Refused only while another writer saves settings: try again.
        let mut saved = false;
        for _ in 0..crate::admin::SETTINGS_ATTEMPTS {
            let policy = store.policy().await?;
            if store.upsert_categories(&cats, policy.as_ref()).await? {
                saved = true;
                break;
            }
        }
        if !saved {
            return Err(ServiceError::Conflict(
                "默认分类未能写入:设置正被他处连续修改 / the default categories could not be saved"
                    .into(),
            ));
        }
    }
    // Saved only if still none: another process starting on the same empty database may have
    // seeded it, or an admin changed it, meanwhile.
    if store.policy().await?.is_none() {
        store.save_policy(&Default::default(), None).await?;
    }
    if store.units().await?.is_empty() {
        store
            .insert_unit(NewUnit {
                code: CENTRE_CODE.into(),
                name: "12345政务服务便民热线中心".into(),
                level: UnitLevel::CityCentre,
                parent: None,
                area: vec![],
            })
            .await?;
    }
    Ok(())
}
