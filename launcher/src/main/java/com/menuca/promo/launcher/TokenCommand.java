package com.menuca.promo.launcher;

import com.menuca.promo.common.config.ConfigSource;
import com.menuca.promo.common.config.ResolvedSettings;
import com.menuca.promo.gateway.GatewayConfig;
import com.menuca.promo.gateway.auth.DevTokens;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code promo token}: mints an HS256 token for the gateway, signed with the gateway's secret (the dev secret by default). */
@Command(name = "token", mixinStandardHelpOptions = true,
        description = {"Print a JWT for the gateway: role, restaurants (claim restaurant_ids), customer (claim customer_id).",
            "Signed with gateway.jwt.secret (PROMO_GATEWAY_JWT_SECRET); unset, with the public dev secret of `promo dev`",
            "(which `promo gateway` refuses).",
            "Example: ./promo token --role restaurant_staff --restaurant 42"})
final class TokenCommand implements Callable<Integer> {
    @Option(names = "--role", required = true, paramLabel = "ROLE",
            description = "anon, customer, restaurant_staff, service_role, or any role your policy names.")
    String role;

    @Option(names = "--restaurant", paramLabel = "ID", description = "A restaurant the token may see (repeatable).")
    List<Long> restaurants = new ArrayList<>();

    @Option(names = "--customer", paramLabel = "ID", description = "The customer the token belongs to.")
    Long customer;

    @Option(names = "--ttl", paramLabel = "DURATION", description = "Lifetime, e.g. 15m, 1h, 7d (default 1h).")
    String ttl = "1h";

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        Duration lifetime = com.menuca.promo.common.config.ValueParser.DURATION.parse(ttl);
        String secret = ResolvedSettings.resolve("token", List.of(GatewayConfig.JWT_SECRET),
                ConfigSource.fromEnvironment(Optional.empty())).get(GatewayConfig.JWT_SECRET);
        if (secret == null || secret.isBlank()) {
            // what `promo dev` verifies with when no key is configured; `promo gateway` refuses it
            secret = DevTokens.DEV_SECRET;
        }
        spec.commandLine().getOut().println(DevTokens.mint(secret, role, restaurants, customer, lifetime));
        spec.commandLine().getOut().flush();
        return 0;
    }
}
