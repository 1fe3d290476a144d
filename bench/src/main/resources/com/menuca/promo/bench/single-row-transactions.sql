-- The capture benchmark's small-transaction load, run inside PostgreSQL so no client round trip limits
-- the commit rate: every loop iteration changes exactly one row of one of the five captured tables and
-- commits, so each iteration is one transaction and one change event. A cycle of 20 transactions:
-- 10 inserts and 1 delete of coupon_usage_log, 2 updates of a coupon, 2 of a deal, an insert and a
-- delete of a restaurant-tag association, an insert, update and delete of a marketing tag. Each
-- session works on its own coupon, deal and restaurant so sessions never wait for each other's locks.
-- p_first and p_count are multiples of 20, so every delete has the row its cycle inserted.
CREATE SCHEMA IF NOT EXISTS promo_bench;

CREATE OR REPLACE PROCEDURE promo_bench.single_row_transactions(p_restaurant bigint, p_first bigint, p_count integer,
                                                                 p_coupon bigint, p_deal bigint, p_tag bigint)
LANGUAGE plpgsql AS $$
DECLARE
    n        bigint;
    step     integer;
    usage_id bigint;
    new_tag  bigint;
BEGIN
    n := p_first;
    WHILE n < p_first + p_count LOOP   -- not FOR: its loop variable is an integer, the numbers are bigints
        step := n % 20;
        IF step < 8 OR step >= 18 THEN
            INSERT INTO menuca_v3.coupon_usage_log (coupon_id, restaurant_id, customer_id, order_id, discount_applied, order_total)
            VALUES (p_coupon, p_restaurant, n % 1000, n, 1.50, 30.00) RETURNING id INTO usage_id;
        ELSIF step = 8 THEN
            DELETE FROM menuca_v3.coupon_usage_log WHERE id = usage_id;
        ELSIF step < 11 THEN
            UPDATE menuca_v3.promotional_coupons SET is_active = NOT is_active WHERE id = p_coupon;
        ELSIF step < 13 THEN
            UPDATE menuca_v3.promotional_deals SET description = 'edit ' || n WHERE id = p_deal;
        ELSIF step = 13 THEN
            INSERT INTO menuca_v3.restaurant_tag_associations (restaurant_id, tag_id) VALUES (p_restaurant, p_tag);
        ELSIF step = 14 THEN
            DELETE FROM menuca_v3.restaurant_tag_associations WHERE restaurant_id = p_restaurant AND tag_id = p_tag;
        ELSIF step = 15 THEN
            INSERT INTO menuca_v3.marketing_tags (name, slug) VALUES ('Bench ' || n, 'bench-' || n) RETURNING id INTO new_tag;
        ELSIF step = 16 THEN
            UPDATE menuca_v3.marketing_tags SET name = 'Bench tag ' || n WHERE id = new_tag;
        ELSE
            DELETE FROM menuca_v3.marketing_tags WHERE id = new_tag;
        END IF;
        COMMIT;
        n := n + 1;
    END LOOP;
END;
$$;
