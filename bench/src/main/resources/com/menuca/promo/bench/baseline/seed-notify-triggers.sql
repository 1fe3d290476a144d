-- The platform's first design, as faithfully as its description allows (docs/performance.md, ARCHITECTURE.md
-- "Channels"): row triggers that compute the business events themselves and pg_notify them on eight targeted
-- channels, inside the writer's transaction. Notifications are delivered at commit, under PostgreSQL's
-- database-wide notify lock.
CREATE SCHEMA IF NOT EXISTS promo_bench;

-- deal_published (all deals), restaurant_{id}_deal_published, restaurant_{id}_deal_status, restaurant_{id}_deal_expiring
CREATE OR REPLACE FUNCTION promo_bench.seed_notify_deal() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
    deal text := json_build_object('deal_id', NEW.id, 'restaurant_id', NEW.restaurant_id, 'title', NEW.title,
        'deal_type', NEW.deal_type, 'discount_percent', NEW.discount_percent, 'discount_amount', NEW.discount_amount,
        'starts_at', NEW.starts_at, 'ends_at', NEW.ends_at, 'status', NEW.status)::text;
BEGIN
    IF NEW.status = 'active' AND (TG_OP = 'INSERT' OR OLD.status IS DISTINCT FROM 'active') THEN
        PERFORM pg_notify('deal_published', deal);
        PERFORM pg_notify('restaurant_' || NEW.restaurant_id || '_deal_published', deal);
    END IF;
    IF TG_OP = 'UPDATE' AND OLD.status IS DISTINCT FROM NEW.status THEN
        PERFORM pg_notify('restaurant_' || NEW.restaurant_id || '_deal_status', json_build_object('deal_id', NEW.id,
            'restaurant_id', NEW.restaurant_id, 'old_status', OLD.status, 'new_status', NEW.status)::text);
    END IF;
    IF NEW.status = 'active' AND NEW.ends_at IS NOT NULL AND NEW.ends_at <= now() + interval '24 hours'
            AND (TG_OP = 'INSERT' OR OLD.ends_at IS DISTINCT FROM NEW.ends_at) THEN
        PERFORM pg_notify('restaurant_' || NEW.restaurant_id || '_deal_expiring', deal);
    END IF;
    RETURN NULL;
END;
$$;

-- restaurant_{id}_coupon_created
CREATE OR REPLACE FUNCTION promo_bench.seed_notify_coupon() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    PERFORM pg_notify('restaurant_' || NEW.restaurant_id || '_coupon_created', json_build_object('coupon_id', NEW.id,
        'restaurant_id', NEW.restaurant_id, 'deal_id', NEW.deal_id, 'code', NEW.code, 'discount_type', NEW.discount_type,
        'discount_value', NEW.discount_value, 'usage_limit', NEW.usage_limit, 'valid_until', NEW.valid_until)::text);
    RETURN NULL;
END;
$$;

-- restaurant_{id}_coupon_redeemed with the coupon's running count, customer_{id}_coupon_redeemed with the
-- customer's savings, coupon_limit_reached when the count reaches the coupon's usage limit
CREATE OR REPLACE FUNCTION promo_bench.seed_notify_redemption() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
    redemptions   bigint;
    savings       numeric;
    customer_uses bigint;
    coupon_limit  integer;
    coupon_code   text;
BEGIN
    SELECT count(*) INTO redemptions FROM menuca_v3.coupon_usage_log WHERE coupon_id = NEW.coupon_id;
    SELECT coalesce(sum(discount_applied), 0), count(*) INTO savings, customer_uses
        FROM menuca_v3.coupon_usage_log WHERE customer_id = NEW.customer_id;
    SELECT usage_limit, code INTO coupon_limit, coupon_code FROM menuca_v3.promotional_coupons WHERE id = NEW.coupon_id;
    PERFORM pg_notify('restaurant_' || NEW.restaurant_id || '_coupon_redeemed', json_build_object('coupon_id', NEW.coupon_id,
        'restaurant_id', NEW.restaurant_id, 'customer_id', NEW.customer_id, 'order_id', NEW.order_id,
        'discount_applied', NEW.discount_applied, 'order_total', NEW.order_total, 'used_at', NEW.used_at,
        'redemption_count', redemptions)::text);
    PERFORM pg_notify('customer_' || NEW.customer_id || '_coupon_redeemed', json_build_object('coupon_id', NEW.coupon_id,
        'restaurant_id', NEW.restaurant_id, 'order_id', NEW.order_id, 'discount_applied', NEW.discount_applied,
        'total_savings', savings, 'redemptions', customer_uses)::text);
    IF coupon_limit IS NOT NULL AND redemptions = coupon_limit THEN
        PERFORM pg_notify('coupon_limit_reached', json_build_object('coupon_id', NEW.coupon_id, 'restaurant_id',
            NEW.restaurant_id, 'code', coupon_code, 'usage_limit', coupon_limit, 'redemption_count', redemptions)::text);
    END IF;
    RETURN NULL;
END;
$$;

DROP TRIGGER IF EXISTS seed_notify ON menuca_v3.promotional_deals;
CREATE TRIGGER seed_notify AFTER INSERT OR UPDATE ON menuca_v3.promotional_deals
    FOR EACH ROW EXECUTE FUNCTION promo_bench.seed_notify_deal();
DROP TRIGGER IF EXISTS seed_notify ON menuca_v3.promotional_coupons;
CREATE TRIGGER seed_notify AFTER INSERT ON menuca_v3.promotional_coupons
    FOR EACH ROW EXECUTE FUNCTION promo_bench.seed_notify_coupon();
DROP TRIGGER IF EXISTS seed_notify ON menuca_v3.coupon_usage_log;
CREATE TRIGGER seed_notify AFTER INSERT ON menuca_v3.coupon_usage_log
    FOR EACH ROW EXECUTE FUNCTION promo_bench.seed_notify_redemption();
