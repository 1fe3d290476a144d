/**
 * The monitoring files of {@code infra/deploy}: Prometheus alert rules and their unit tests, scrape
 * configurations and the Grafana dashboard, checked with Prometheus' own {@code promtool}.
 */
package com.menuca.promo.deploy.monitoring;
