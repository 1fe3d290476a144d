/**
 * The fault suite ({@code promo bench faults}): the capture and the Kafka broker as separate OS
 * processes of this build, PostgreSQL restartable, a steady write load, and checks that kill or stop
 * one part mid-load and count what reached Kafka against what PostgreSQL committed.
 */
package com.menuca.promo.bench.faults;
