/** The {@code promo} command line: one subcommand per service, plus the dev stack, benchmarks and docs. */
package com.menuca.promo.launcher;
