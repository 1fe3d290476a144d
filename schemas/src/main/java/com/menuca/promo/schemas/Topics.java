package com.menuca.promo.schemas;

import com.menuca.promo.schemas.derived.DerivedTopics;
import com.menuca.promo.schemas.gateway.GatewayTopics;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;

/**
 * Every topic a consumer can read, typed: the change topics ({@link ChangeTopics}), the derived
 * topics ({@link DerivedTopics}) and the topics gateway instances share ({@link GatewayTopics}). The
 * same list as the catalogue's {@code cdc}, {@code derived} and {@code gateway} groups
 * ({@code catalog/topics.yaml} in this jar), which a test keeps in step.
 */
public final class Topics {
    private static final List<Topic<?, ?>> ALL;

    static {
        List<Topic<?, ?>> all = new ArrayList<>(ChangeTopics.all());
        all.addAll(DerivedTopics.all());
        all.addAll(GatewayTopics.all());
        ALL = Collections.unmodifiableList(all);
    }

    private Topics() {
    }

    /** Change topics first, then derived topics, then the gateways' topics. */
    public static List<Topic<?, ?>> all() {
        return ALL;
    }

    public static Optional<Topic<?, ?>> byName(String name) {
        return ALL.stream().filter(t -> t.name().equals(name)).findFirst();
    }
}
