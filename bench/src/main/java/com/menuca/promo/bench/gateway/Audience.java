package com.menuca.promo.bench.gateway;

import com.menuca.promo.gateway.auth.DevTokens;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * Who the realistic benchmark's connections are and what each subscribes to, with its own token as
 * the platform would mint it:
 * <ul>
 *   <li>a few <b>operators</b> ({@code service_role}): postgres_changes on every table, no filter;</li>
 *   <li><b>restaurant dashboards</b> ({@code restaurant_staff} of one restaurant), two per restaurant:
 *       {@code restaurant:{id}:redemptions} with postgres_changes on their restaurant's usage, deals,
 *       coupons and tag associations ({@code restaurant_id=eq.{id}}) and its {@code coupon_redeemed}
 *       broadcast, and {@code restaurant:{id}:deals} (deal lifecycle events);</li>
 *   <li><b>customers</b> ({@code customer} with their {@code customer_id}), the rest, one per customer:
 *       {@code customer:{id}:coupons} with postgres_changes on their own usage rows
 *       ({@code customer_id=eq.{id}}) and their coupon events, {@code customer:{id}:savings}, and
 *       {@code restaurant:{id}:deals} of three restaurants they follow ({@code deal_published}).</li>
 * </ul>
 */
final class Audience {
    /** What a channel carries, which says which frames belong to it. */
    enum Role {
        /** postgres_changes of every table, unfiltered. */
        EVERYTHING,
        /** postgres_changes of the restaurant's rows in four tables and its {@code coupon_redeemed} broadcasts. */
        RESTAURANT_REDEMPTIONS,
        /** The restaurant's deal lifecycle broadcasts (staff: every type). */
        RESTAURANT_DEALS,
        /** A followed restaurant's {@code deal_published} broadcasts (a customer's view of it). */
        FOLLOWED_DEALS,
        /** postgres_changes of the customer's usage rows and their coupon broadcasts. */
        CUSTOMER_COUPONS,
        /** The customer's savings (latest wins). */
        CUSTOMER_SAVINGS
    }

    enum Kind { OPERATOR, DASHBOARD, CUSTOMER }

    /** One joined channel: {@code topic} is {@code realtime:<name>}; {@code id} its restaurant or customer (0: none). */
    record Channel(String topic, Role role, long id) {
    }

    /** One connection: who it is ({@code id}: its restaurant or customer), its token and channels. */
    record Member(int index, Kind kind, long id, String token, List<Channel> channels) {
        /** The channel of a pushed frame's topic, or null when the member never joined it. */
        Channel channel(String topic) {
            for (Channel channel : channels) {
                if (channel.topic().equals(topic)) {
                    return channel;
                }
            }
            return null;
        }
    }

    static final List<String> RESTAURANT_TABLES = List.of("coupon_usage_log", "promotional_deals", "promotional_coupons",
            "restaurant_tag_associations");
    static final int DASHBOARDS_PER_RESTAURANT = 2;
    static final int FOLLOWED_RESTAURANTS = 3;

    private final List<Member> members;
    private final int restaurants;
    private final int customers;
    private final List<List<Member>> dashboardsByRestaurant;
    private final Member[] customerById;
    private final List<Member> operators;

    private Audience(List<Member> members, int restaurants, int customers) {
        this.members = members;
        this.restaurants = restaurants;
        this.customers = customers;
        this.dashboardsByRestaurant = new ArrayList<>();
        for (int r = 0; r <= restaurants; r++) {
            dashboardsByRestaurant.add(new ArrayList<>());
        }
        this.customerById = new Member[customers + 1];
        this.operators = new ArrayList<>();
        for (Member m : members) {
            switch (m.kind()) {
                case OPERATOR -> operators.add(m);
                case DASHBOARD -> dashboardsByRestaurant.get((int) m.id()).add(m);
                case CUSTOMER -> customerById[(int) m.id()] = m;
            }
        }
    }

    /**
     * The mix for {@code connections}: operators one per 2,000 connections (1 to 5), dashboards a tenth
     * (two per restaurant), customers the rest. Restaurants and customers are numbered from 1, as the
     * demo data seeds them.
     */
    static Audience of(int connections, String secret, long seed) {
        if (connections < 10) {
            throw new IllegalArgumentException("the realistic mix needs at least 10 connections, got " + connections);
        }
        int operators = Math.max(1, Math.min(5, connections / 2_000));
        int restaurants = Math.max(1, connections / 10 / DASHBOARDS_PER_RESTAURANT);
        int dashboards = restaurants * DASHBOARDS_PER_RESTAURANT;
        int customers = connections - operators - dashboards;
        Random random = new Random(seed);
        Duration ttl = Duration.ofHours(12);
        List<Member> members = new ArrayList<>(connections);
        String operatorToken = DevTokens.mint(secret, "service_role", List.of(), null, ttl);
        for (int i = 0; i < operators; i++) {
            members.add(new Member(members.size(), Kind.OPERATOR, 0, operatorToken,
                    List.of(new Channel("realtime:ops:everything:" + i, Role.EVERYTHING, 0))));
        }
        for (long r = 1; r <= restaurants; r++) {
            String token = DevTokens.mint(secret, "restaurant_staff", List.of(r), null, ttl);
            for (int d = 0; d < DASHBOARDS_PER_RESTAURANT; d++) {
                members.add(new Member(members.size(), Kind.DASHBOARD, r, token, List.of(
                        new Channel("realtime:restaurant:" + r + ":redemptions", Role.RESTAURANT_REDEMPTIONS, r),
                        new Channel("realtime:restaurant:" + r + ":deals", Role.RESTAURANT_DEALS, r))));
            }
        }
        for (long c = 1; c <= customers; c++) {
            List<Channel> channels = new ArrayList<>();
            channels.add(new Channel("realtime:customer:" + c + ":coupons", Role.CUSTOMER_COUPONS, c));
            channels.add(new Channel("realtime:customer:" + c + ":savings", Role.CUSTOMER_SAVINGS, c));
            random.ints(1, restaurants + 1).distinct().limit(Math.min(FOLLOWED_RESTAURANTS, restaurants))
                    .forEach(r -> channels.add(new Channel("realtime:restaurant:" + r + ":deals", Role.FOLLOWED_DEALS, r)));
            members.add(new Member(members.size(), Kind.CUSTOMER, c,
                    DevTokens.mint(secret, "customer", List.of(), c, ttl), List.copyOf(channels)));
        }
        return new Audience(List.copyOf(members), restaurants, customers);
    }

    List<Member> members() {
        return members;
    }

    int restaurants() {
        return restaurants;
    }

    int customers() {
        return customers;
    }

    List<Member> operators() {
        return operators;
    }

    /** The dashboards of restaurant {@code id} (none when it is not one of the audience's). */
    List<Member> dashboards(long restaurant) {
        return restaurant >= 1 && restaurant <= restaurants ? dashboardsByRestaurant.get((int) restaurant) : List.of();
    }

    /** The customer's connection, or null. */
    Member customer(long customer) {
        return customer >= 1 && customer <= customers ? customerById[(int) customer] : null;
    }

    /** How many of each kind, for the results. */
    java.util.Map<String, Object> describe() {
        java.util.Map<String, Object> mix = new java.util.LinkedHashMap<>();
        mix.put("operators", operators.size());
        mix.put("restaurant_dashboards", restaurants * DASHBOARDS_PER_RESTAURANT);
        mix.put("restaurants", restaurants);
        mix.put("customers", customers);
        mix.put("channels", members.stream().mapToInt(m -> m.channels().size()).sum());
        mix.put("operator_subscriptions", "postgres_changes on every table (table '*', event '*'), no filter; service_role");
        mix.put("dashboard_subscriptions", "restaurant:{id}:redemptions with postgres_changes on coupon_usage_log, "
                + "promotional_deals, promotional_coupons, restaurant_tag_associations (restaurant_id=eq.{id}) and its "
                + "coupon_redeemed broadcast; restaurant:{id}:deals; restaurant_staff of that restaurant");
        mix.put("customer_subscriptions", "customer:{id}:coupons with postgres_changes on coupon_usage_log "
                + "(customer_id=eq.{id}) and its coupon broadcasts; customer:{id}:savings; restaurant:{id}:deals of "
                + FOLLOWED_RESTAURANTS + " followed restaurants (deal_published); customer with customer_id");
        return mix;
    }

    /**
     * The vsn 2.0.0 join message of {@code channel}, with {@code ref} as join and message ref and, as
     * supabase-js sends every join, the connection's access token.
     */
    static String join(Channel channel, int ref, String token) {
        String bindings = switch (channel.role()) {
            case EVERYTHING -> "[{\"event\":\"*\",\"schema\":\"menuca_v3\",\"table\":\"*\"}]";
            case RESTAURANT_REDEMPTIONS -> {
                StringBuilder b = new StringBuilder("[");
                for (String table : RESTAURANT_TABLES) {
                    b.append(b.length() > 1 ? "," : "").append("{\"event\":\"*\",\"schema\":\"menuca_v3\",\"table\":\"")
                            .append(table).append("\",\"filter\":\"restaurant_id=eq.").append(channel.id()).append("\"}");
                }
                yield b.append(']').toString();
            }
            case CUSTOMER_COUPONS -> "[{\"event\":\"*\",\"schema\":\"menuca_v3\",\"table\":\"coupon_usage_log\","
                    + "\"filter\":\"customer_id=eq." + channel.id() + "\"}]";
            default -> "[]";
        };
        return "[\"" + ref + "\",\"" + ref + "\",\"" + channel.topic() + "\",\"phx_join\",{\"config\":{\"broadcast\":"
                + "{\"ack\":false,\"self\":false},\"presence\":{\"key\":\"\",\"enabled\":false},\"postgres_changes\":"
                + bindings + ",\"private\":false},\"access_token\":\"" + token + "\"}]";
    }
}
