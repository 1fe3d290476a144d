package com.menuca.promo.deploy.connect;

import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;
import org.apache.kafka.common.config.ConfigData;
import org.apache.kafka.common.config.provider.ConfigProvider;

/**
 * Stands in for Kafka's {@code EnvVarConfigProvider} in the in-process worker: a test cannot set the
 * JVM's environment, so the {@code ${env:NAME}} references of the shipped descriptors are answered
 * from {@link #VALUES} instead. The descriptors themselves go to the worker unchanged.
 */
public final class TestEnvironmentConfigProvider implements ConfigProvider {
    static final Map<String, String> VALUES = new ConcurrentHashMap<>();

    @Override
    public void configure(Map<String, ?> configs) {
    }

    @Override
    public ConfigData get(String path) {
        return new ConfigData(Map.copyOf(VALUES));
    }

    @Override
    public ConfigData get(String path, Set<String> keys) {
        return new ConfigData(keys.stream().filter(VALUES::containsKey).collect(Collectors.toMap(k -> k, VALUES::get)));
    }

    @Override
    public void close() {
    }
}
