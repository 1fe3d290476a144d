package com.menuca.promo.schemas;

import com.menuca.promo.schemas.cdc.ChangeEvent;
import com.menuca.promo.schemas.cdc.CouponUsage;
import com.menuca.promo.schemas.cdc.MarketingTag;
import com.menuca.promo.schemas.cdc.PromotionalCoupon;
import com.menuca.promo.schemas.cdc.PromotionalDeal;
import com.menuca.promo.schemas.cdc.RestaurantTagAssociation;
import com.menuca.promo.schemas.cdc.RowId;
import com.menuca.promo.schemas.cdc.TagAssociationKey;
import com.menuca.promo.schemas.serde.CouponUsageChangeSerde;
import com.menuca.promo.schemas.serde.MarketingTagChangeSerde;
import com.menuca.promo.schemas.serde.PromotionalCouponChangeSerde;
import com.menuca.promo.schemas.serde.PromotionalDealChangeSerde;
import com.menuca.promo.schemas.serde.RestaurantTagAssociationChangeSerde;
import com.menuca.promo.schemas.serde.RowIdSerde;
import com.menuca.promo.schemas.serde.TagAssociationKeySerde;
import java.util.List;

/**
 * The change topics the capture writes, one per {@code menuca_v3} table, each typed with its key and
 * row record. Every change of a row is keyed by its primary key and carries the whole old and new row.
 */
public final class ChangeTopics {
    public static final Topic<RowId, ChangeEvent<PromotionalDeal>> PROMOTIONAL_DEALS = new Topic<>(
            "menuca.menuca_v3.promotional_deals", new RowIdSerde(), new PromotionalDealChangeSerde());
    public static final Topic<RowId, ChangeEvent<PromotionalCoupon>> PROMOTIONAL_COUPONS = new Topic<>(
            "menuca.menuca_v3.promotional_coupons", new RowIdSerde(), new PromotionalCouponChangeSerde());
    public static final Topic<RowId, ChangeEvent<MarketingTag>> MARKETING_TAGS = new Topic<>(
            "menuca.menuca_v3.marketing_tags", new RowIdSerde(), new MarketingTagChangeSerde());
    public static final Topic<TagAssociationKey, ChangeEvent<RestaurantTagAssociation>> RESTAURANT_TAG_ASSOCIATIONS =
            new Topic<>("menuca.menuca_v3.restaurant_tag_associations", new TagAssociationKeySerde(),
                    new RestaurantTagAssociationChangeSerde());
    public static final Topic<RowId, ChangeEvent<CouponUsage>> COUPON_USAGE_LOG = new Topic<>(
            "menuca.menuca_v3.coupon_usage_log", new RowIdSerde(), new CouponUsageChangeSerde());

    private ChangeTopics() {
    }

    /** Every change topic, in the order of {@link com.menuca.promo.schemas.cdc.CdcTable}. */
    public static List<Topic<?, ?>> all() {
        return List.of(PROMOTIONAL_DEALS, PROMOTIONAL_COUPONS, MARKETING_TAGS, RESTAURANT_TAG_ASSOCIATIONS, COUPON_USAGE_LOG);
    }
}
