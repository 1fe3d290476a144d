/**
 * The fault suite ({@code promo bench faults}): the capture, two stream processors, two gateways and
 * the Kafka broker(s) as separate OS processes of this build, PostgreSQL restartable, a steady write
 * load, and checks that kill or stop one part mid-load and count what reached Kafka, what the processors
 * derived and what resuming clients received against what PostgreSQL committed.
 */
package com.menuca.promo.bench.faults;
