/**
 * Reading the change topics: the Debezium envelope checked and turned into a {@link
 * com.menuca.promo.processor.cdc.CdcChange} with its source position, and the typed rows of the three
 * tables the derivations use.
 */
package com.menuca.promo.processor.cdc;
