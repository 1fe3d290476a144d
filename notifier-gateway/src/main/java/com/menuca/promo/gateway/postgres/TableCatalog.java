package com.menuca.promo.gateway.postgres;

import static com.menuca.promo.gateway.postgres.PgType.BOOL;
import static com.menuca.promo.gateway.postgres.PgType.INT4;
import static com.menuca.promo.gateway.postgres.PgType.INT8;
import static com.menuca.promo.gateway.postgres.PgType.NUMERIC;
import static com.menuca.promo.gateway.postgres.PgType.TEXT;
import static com.menuca.promo.gateway.postgres.PgType.TIMESTAMPTZ;

import com.menuca.promo.schemas.cdc.CdcTable;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The columns of the five captured tables, in table order, as the migrations in {@code infra}
 * create them. {@code TableCatalogIT} compares this with {@code information_schema} of a migrated
 * database, so a migration that adds or retypes a column fails the build until this follows.
 */
public final class TableCatalog {
    private static final Map<CdcTable, Map<String, Column>> COLUMNS = new EnumMap<>(CdcTable.class);
    private static final Map<CdcTable, List<Column>> ORDERED = new EnumMap<>(CdcTable.class);

    static {
        define(CdcTable.PROMOTIONAL_DEALS, "id", INT8, "restaurant_id", INT8, "title", TEXT, "description", TEXT,
                "deal_type", TEXT, "discount_percent", NUMERIC, "discount_amount", NUMERIC, "starts_at", TIMESTAMPTZ,
                "ends_at", TIMESTAMPTZ, "is_active", BOOL, "status", TEXT, "created_at", TIMESTAMPTZ,
                "updated_at", TIMESTAMPTZ);
        define(CdcTable.PROMOTIONAL_COUPONS, "id", INT8, "restaurant_id", INT8, "deal_id", INT8, "code", TEXT,
                "discount_type", TEXT, "discount_value", NUMERIC, "usage_limit", INT4, "per_customer_limit", INT4,
                "valid_from", TIMESTAMPTZ, "valid_until", TIMESTAMPTZ, "is_active", BOOL, "created_at", TIMESTAMPTZ,
                "updated_at", TIMESTAMPTZ);
        define(CdcTable.MARKETING_TAGS, "id", INT8, "name", TEXT, "slug", TEXT, "created_at", TIMESTAMPTZ);
        define(CdcTable.RESTAURANT_TAG_ASSOCIATIONS, "restaurant_id", INT8, "tag_id", INT8, "created_at", TIMESTAMPTZ);
        define(CdcTable.COUPON_USAGE_LOG, "id", INT8, "coupon_id", INT8, "restaurant_id", INT8, "customer_id", INT8,
                "order_id", INT8, "discount_applied", NUMERIC, "order_total", NUMERIC, "used_at", TIMESTAMPTZ);
    }

    private TableCatalog() {
    }

    private static void define(CdcTable table, Object... namesAndTypes) {
        Map<String, Column> columns = new LinkedHashMap<>();
        for (int i = 0; i < namesAndTypes.length; i += 2) {
            String name = (String) namesAndTypes[i];
            columns.put(name, new Column(name, (PgType) namesAndTypes[i + 1]));
        }
        COLUMNS.put(table, Map.copyOf(columns));
        ORDERED.put(table, List.copyOf(columns.values()));
    }

    /** The table's columns in table order. */
    public static List<Column> columns(CdcTable table) {
        return ORDERED.get(table);
    }

    public static Optional<Column> column(CdcTable table, String name) {
        return Optional.ofNullable(COLUMNS.get(table).get(name));
    }
}
