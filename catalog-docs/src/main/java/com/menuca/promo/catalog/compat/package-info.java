/**
 * The compatibility gate: compares the catalogue with the last released contract
 * ({@code schemas/baseline/}) and refuses changes that break consumers unless the topic's version is
 * raised and the change is listed in {@code schemas/CHANGELOG.md}.
 */
package com.menuca.promo.catalog.compat;
