/**
 * Typed service configuration: settings declared as constants with key, parser, default and
 * description; values layered from a properties file, {@code PROMO_*} environment variables and
 * command-line overrides; every problem reported at once.
 */
package com.menuca.promo.common.config;
