/**
 * Runs {@code promo} subcommands (brokers, services) as separate OS processes of the same build, so a
 * multi-broker dev cluster and the fault suite can stop, {@code kill -9} and restart them.
 */
package com.menuca.promo.infra.process;
