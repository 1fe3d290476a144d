/** Benchmarks run by {@code promo bench}: each prints what it measured and writes bench-results/NAME.json. */
package com.menuca.promo.bench;
