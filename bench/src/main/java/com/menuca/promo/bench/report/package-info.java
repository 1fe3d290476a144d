/** {@code bench-results/report.html}: every benchmark's JSON as tables and inline SVG charts (no scripts, no CDN). */
package com.menuca.promo.bench.report;
